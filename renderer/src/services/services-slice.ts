/**
 * The service tree's state: its filter, and the description of the selected method (input schema,
 * example), fetched once per method and schema — the editor and the lens both read it from here.
 * Which method is selected is the draft's `method`; its summary comes from the loaded schema.
 */
import type { MethodDescription, MethodSummary } from '../../../shared/api';
import type { GrpcRequest } from '../../../shared/collections/request';
import { toErrorInfo } from '../ui/error-info';
import type { Loadable, SliceContext } from '../store/slice';

export interface ServicesSlice {
  filter: string;
  description: Loadable<MethodDescription>;
  /** Which schema and method `description` is about (`schemaId method`). */
  describedKey?: string;
  setFilter(filter: string): void;
  /** Selects a method of the loaded schema: the old call's response leaves the screen. */
  selectMethod(method: MethodSummary): Promise<void>;
  /** Fetches a method's description unless it is the one already held (or on its way). */
  describe(schemaId: string, methodPath: string): Promise<void>;
  /** The schema changed: no description holds any more. */
  forgetDescription(): void;
}

const descriptionKey = (schemaId: string, methodPath: string): string => `${schemaId} ${methodPath}`;

export function createServicesSlice({ set, get, client }: SliceContext): ServicesSlice {
  return {
    filter: '',
    description: { status: 'idle' },

    setFilter(filter) {
      set({ filter });
    },

    async selectMethod(method) {
      const state = get();
      if (state.schema.status !== 'loaded' || state.draft.method === method.path) return;
      state.clearCall();
      state.switchMethod(method);
      await get().describe(state.schema.value.schemaId, method.path);
    },

    async describe(schemaId, methodPath) {
      const key = descriptionKey(schemaId, methodPath);
      const { describedKey, description, activeTabId } = get();
      if (describedKey === key && description.status !== 'error') return;
      // The answer is this tab's (maybe in the background by then), and only while it waits for
      // this very request: a newer describe or a forget replaces `loading`.
      const loading: Loadable<MethodDescription> = { status: 'loading' };
      set({ describedKey: key, description: loading });
      const answer = (next: Loadable<MethodDescription>): void =>
        get().updateTab(activeTabId, (tab) => (tab.description === loading ? { description: next } : undefined));
      try {
        answer({ status: 'loaded', value: await client.describeMethod({ schemaId, method: methodPath }) });
      } catch (error) {
        answer({ status: 'error', error: toErrorInfo(error) });
      }
    },

    forgetDescription() {
      set({ describedKey: undefined, description: { status: 'idle' } });
    },
  };
}

/** The summary of the draft's method in the loaded schema; undefined when none is selected. */
export const selectSelectedMethod = (state: {
  draft: GrpcRequest;
  methodIndex: ReadonlyMap<string, MethodSummary>;
}): MethodSummary | undefined => (state.draft.method === '' ? undefined : state.methodIndex.get(state.draft.method));

/** The loaded description of `methodPath` in `schemaId`, if that is the one held. */
export const selectDescriptionOf =
  (schemaId: string | undefined, methodPath: string | undefined) =>
  (state: Pick<ServicesSlice, 'description' | 'describedKey'>): MethodDescription | undefined =>
    schemaId !== undefined &&
    methodPath !== undefined &&
    state.describedKey === descriptionKey(schemaId, methodPath) &&
    state.description.status === 'loaded'
      ? state.description.value
      : undefined;
