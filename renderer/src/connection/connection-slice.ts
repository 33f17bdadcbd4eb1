/**
 * Connect: the draft's connection and the schema source become a loaded schema, and the channel
 * badge follows the connection's channel. The connection of the last Connect is the one calls and
 * the lens use; the schema's methods are indexed by path for the service tree and the editor.
 */
import type { ConnectionOptions, MethodSummary, SchemaLoadResult } from '../../../shared/api';
import { resolveActiveDraft, withCollectionScope } from '../environments/environments-slice';
import { checkMetadataMap, draftConnection, type CallSession } from '../request/request-draft';
import type { Loadable, SliceContext } from '../store/slice';
import { toErrorInfo } from '../ui/error-info';
import { buildSchemaSource, emptySchemaSourceForm, type SchemaSourceForm } from './connection-form';

export interface ConnectionSlice {
  schemaSourceForm: SchemaSourceForm;
  /** The connection of the last Connect; calls and the lens use it. */
  connection?: ConnectionOptions;
  schema: Loadable<SchemaLoadResult>;
  /** The loaded schema's methods by path. */
  methodIndex: ReadonlyMap<string, MethodSummary>;
  updateSchemaSource(patch: Partial<SchemaSourceForm>): void;
  connect(): Promise<void>;
}

const noMethods: ReadonlyMap<string, MethodSummary> = new Map();

function indexMethods(schema: SchemaLoadResult): ReadonlyMap<string, MethodSummary> {
  return new Map(schema.services.flatMap((service) => service.methods.map((method) => [method.path, method])));
}

export function createConnectionSlice({ set, get, client, onDispose }: SliceContext): ConnectionSlice {
  // Bumped by every Connect, so an answer that arrives after a newer Connect is dropped.
  let generation = 0;
  let releaseBadgeChannel: (() => void) | undefined;
  onDispose(() => releaseBadgeChannel?.());

  return {
    schemaSourceForm: emptySchemaSourceForm,
    schema: { status: 'idle' },
    methodIndex: noMethods,

    updateSchemaSource(patch) {
      set({ schemaSourceForm: { ...get().schemaSourceForm, ...patch } });
    },

    async connect() {
      const mine = ++generation;
      const { schemaSourceForm } = get();
      // Plain {{variables}} resolved here; secrets in reflection metadata are left for the host.
      const resolved = resolveActiveDraft(get(), 'connection');
      if (!resolved.ok) return void set({ schema: { status: 'error', error: resolved.error } });
      const { draft, collection } = resolved.value;
      const connection = draftConnection(draft);
      if (!connection.ok) {
        set({ schema: { status: 'error', error: connection.error } });
        return;
      }
      // Reflection sends the request's metadata too: servers that need auth for calls need it there.
      const reflectionMetadata = checkMetadataMap(draft.metadata).entries;
      const source = buildSchemaSource(schemaSourceForm, connection.value, reflectionMetadata);
      if (!source.ok) {
        set({ schema: { status: 'error', error: source.error } });
        return;
      }
      get().clearCall();
      get().switchMethod(undefined);
      get().forgetDescription();
      set({ connection: connection.value, schema: { status: 'loading' }, methodIndex: noMethods });
      releaseBadgeChannel?.();
      releaseBadgeChannel = get().acquireChannel(connection.value);
      try {
        const result = await client.loadSchema({ sources: [withCollectionScope(source.value, collection)] });
        if (mine === generation)
          set({ schema: { status: 'loaded', value: result }, methodIndex: indexMethods(result) });
      } catch (error) {
        if (mine === generation) set({ schema: { status: 'error', error: toErrorInfo(error) } });
      }
    },
  };
}

/** What a call needs from Connect: the loaded schema and its connection. */
export function selectCallSession(state: Pick<ConnectionSlice, 'schema' | 'connection'>): CallSession | undefined {
  const { schema, connection } = state;
  return schema.status === 'loaded' && connection ? { schemaId: schema.value.schemaId, connection } : undefined;
}

export const selectSchemaId = (state: Pick<ConnectionSlice, 'schema'>): string | undefined =>
  state.schema.status === 'loaded' ? state.schema.value.schemaId : undefined;
