/**
 * The service tree's state: its filter, and the description of the selected method (input schema,
 * example), fetched once per method and schema — the editor and the lens both read it from here.
 * Which method is selected is the draft's `method`; its summary comes from the loaded schema.
 *
 * A tab the workspace kept comes back with the description it had (`keptDescriptionKey`): the tab
 * is usable at once while Connect fetches the schema again, and the live description replaces the
 * kept one when it arrives — with a notice when the server's method changed meanwhile.
 */
import type { MethodDescription, MethodSummary } from '../../../shared/api';
import type { GrpcRequest } from '../../../shared/collections/request';
import { sameRequest } from '../workspace/tab-state';
import { toErrorInfo } from '../ui/error-info';
import type { Loadable, SliceContext } from '../store/slice';

export interface ServicesSlice {
  filter: string;
  description: Loadable<MethodDescription>;
  /** Which schema and method `description` is about (`schemaId method`, or `keptDescriptionKey` for a kept one). */
  describedKey?: string;
  /** The live description differs from the one the workspace kept: said until another method is described. */
  descriptionNotice?: string;
  setFilter(filter: string): void;
  /** Selects a method of the loaded schema: the old call's response leaves the screen. */
  selectMethod(method: MethodSummary): Promise<void>;
  /** Fetches a method's description unless it is the one already held (or on its way). */
  describe(schemaId: string, methodPath: string): Promise<void>;
  /** The schema changed: no description holds any more. */
  forgetDescription(): void;
  /** The live schema of a kept tab has no `methodPath` any more: the tab says so where its editor was. */
  methodGone(methodPath: string, target: string): void;
}

const descriptionKey = (schemaId: string, methodPath: string): string => `${schemaId} ${methodPath}`;

/** `describedKey` of a description the workspace kept, not yet checked against the live schema. */
export const keptDescriptionKey = (methodPath: string): string => `kept ${methodPath}`;

/** The method as a summary (what the service tree and Send need of it). */
export const summaryOf = ({ name, path, kind, inputType, outputType }: MethodSummary): MethodSummary => ({
  name,
  path,
  kind,
  inputType,
  outputType,
});

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
      // A kept description stays on screen until the live one replaces it.
      const kept =
        describedKey === keptDescriptionKey(methodPath) && description.status === 'loaded'
          ? description.value
          : undefined;
      // The answer is this tab's (maybe in the background by then), and only while it waits for
      // this very request: a newer describe or a forget replaces `loading` (or the kept description).
      const loading: Loadable<MethodDescription> = { status: 'loading' };
      const waitingFor = kept ? description : loading;
      if (!kept) set({ describedKey: key, description: loading, descriptionNotice: undefined });
      const answer = (next: Loadable<MethodDescription>, notice?: string): void =>
        get().updateTab(activeTabId, (tab) =>
          tab.description === waitingFor
            ? { describedKey: key, description: next, descriptionNotice: notice }
            : undefined,
        );
      try {
        const live = await client.describeMethod({ schemaId, method: methodPath });
        answer(
          { status: 'loaded', value: live },
          kept && !sameRequest(kept, live) ? changedNotice(kept, live) : undefined,
        );
      } catch (error) {
        answer({ status: 'error', error: toErrorInfo(error) });
      }
    },

    forgetDescription() {
      set({ describedKey: undefined, description: { status: 'idle' }, descriptionNotice: undefined });
    },

    methodGone(methodPath, target) {
      set({
        describedKey: undefined,
        descriptionNotice: undefined,
        description: {
          status: 'error',
          error: {
            kind: 'unknown_method',
            message: `${target} no longer has ${methodPath}: the server's schema, loaded again for this kept tab, has no such method.`,
            hint: 'Pick a method in the service tree, or check that the target is the server you meant.',
            subject: methodPath,
          },
        },
      });
    },
  };
}

function changedNotice(kept: MethodDescription, live: MethodDescription): string {
  const what =
    kept.kind !== live.kind
      ? `it is ${live.kind.replace('_', ' ')} now (was ${kept.kind.replace('_', ' ')})`
      : kept.inputType !== live.inputType || kept.outputType !== live.outputType
        ? `it takes ${live.inputType} and returns ${live.outputType} now`
        : `its messages (${live.inputType}, ${live.outputType}) changed`;
  return `The server's ${live.path} changed since this tab was kept: ${what}. The editor checks the request against the server's current schema.`;
}

/** The description the workspace kept for the draft's method, while it is not yet checked against the live schema. */
export const selectKeptDescription = (state: {
  draft: GrpcRequest;
  description: Loadable<MethodDescription>;
  describedKey?: string;
}): MethodDescription | undefined =>
  state.draft.method !== '' &&
  state.describedKey === keptDescriptionKey(state.draft.method) &&
  state.description.status === 'loaded'
    ? state.description.value
    : undefined;

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
