/**
 * Connect: the draft's connection and the schema source become a loaded schema, and the channel
 * badge follows the connection's channel. The connection of the last Connect is the one calls and
 * the lens use; the schema's methods are indexed by path for the service tree and the editor.
 *
 * The page names each schema load (`loadingSchemaId`). A tab the workspace kept with its method's
 * description keeps that method selected while its schema loads again, so Send works at once: the
 * call names the loading schema, and the host runs it when the load ends (or fails it with the
 * load's error). When the server no longer has the method, the tab says so.
 */
import type { ConnectionOptions, MethodSummary, SchemaLoadResult } from '../../../shared/api';
import { resolveActiveDraft, withCollectionScope } from '../environments/environments-slice';
import { checkMetadataMap, draftConnection, type CallSession } from '../request/request-draft';
import type { Loadable, SliceContext } from '../store/slice';
import { selectKeptDescription, summaryOf } from '../services/services-slice';
import { toErrorInfo } from '../ui/error-info';
import { buildSchemaSource, emptySchemaSourceForm, type SchemaSourceForm } from './connection-form';

export interface ConnectionSlice {
  schemaSourceForm: SchemaSourceForm;
  /** The connection of the last Connect; calls and the lens use it. */
  connection?: ConnectionOptions;
  schema: Loadable<SchemaLoadResult>;
  /** The id the schema being loaded will have (the host knows it already): calls may name it. */
  loadingSchemaId?: string;
  /** The loaded schema's methods by path (while a kept tab loads again: its kept method). */
  methodIndex: ReadonlyMap<string, MethodSummary>;
  updateSchemaSource(patch: Partial<SchemaSourceForm>): void;
  connect(): Promise<void>;
  /** The channel badge shows this connection's channel (the active tab's); the previous one is released. */
  showChannelOf(connection: ConnectionOptions | undefined): void;
}

const noMethods: ReadonlyMap<string, MethodSummary> = new Map();

function indexMethods(schema: SchemaLoadResult): ReadonlyMap<string, MethodSummary> {
  return new Map(schema.services.flatMap((service) => service.methods.map((method) => [method.path, method])));
}

export function createConnectionSlice({ set, get, client, newId, onDispose }: SliceContext): ConnectionSlice {
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
      const { schemaSourceForm, activeTabId } = get();
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
      // The draft keeps its method (a saved request names one): it is selected again when the new schema has it.
      const kept = selectKeptDescription(get());
      get().clearCall();
      if (!kept) get().forgetDescription();
      // The answer belongs to this Connect's tab (maybe no longer the active one), and only while
      // the tab still waits for this very load (a newer Connect replaces `loading`).
      const loading: Loadable<SchemaLoadResult> = { status: 'loading' };
      const schemaId = newId('schema');
      set({
        connection: connection.value,
        schema: loading,
        loadingSchemaId: schemaId,
        methodIndex: kept ? new Map([[kept.path, summaryOf(kept)]]) : noMethods,
      });
      get().showChannelOf(connection.value);
      const answer = (update: Pick<ConnectionSlice, 'schema'> & Partial<ConnectionSlice>): void =>
        get().updateTab(activeTabId, (tab) =>
          tab.schema === loading ? { loadingSchemaId: undefined, ...update } : undefined,
        );
      try {
        const result = await client.loadSchema({ sources: [withCollectionScope(source.value, collection)], schemaId });
        const methodIndex = indexMethods(result);
        answer({ schema: { status: 'loaded', value: result }, methodIndex });
        const state = get();
        if (state.activeTabId !== activeTabId) return;
        if (methodIndex.has(state.draft.method)) void state.describe(result.schemaId, state.draft.method);
        else if (kept && state.draft.method === kept.path) state.methodGone(kept.path, connection.value.target);
      } catch (error) {
        answer({ schema: { status: 'error', error: toErrorInfo(error) }, methodIndex: noMethods });
      }
    },

    showChannelOf(connection) {
      releaseBadgeChannel?.();
      releaseBadgeChannel = connection ? get().acquireChannel(connection) : undefined;
    },
  };
}

/**
 * What a call needs from Connect: the schema and its connection — the loaded schema, or the one
 * loading (the host waits for it; only a kept tab has a method to call before the load ends).
 */
export function selectCallSession(
  state: Pick<ConnectionSlice, 'schema' | 'connection' | 'loadingSchemaId'>,
): CallSession | undefined {
  const { schema, connection, loadingSchemaId } = state;
  if (!connection) return undefined;
  if (schema.status === 'loaded') return { schemaId: schema.value.schemaId, connection };
  return schema.status === 'loading' && loadingSchemaId !== undefined
    ? { schemaId: loadingSchemaId, connection }
    : undefined;
}

export const selectSchemaId = (state: Pick<ConnectionSlice, 'schema'>): string | undefined =>
  state.schema.status === 'loaded' ? state.schema.value.schemaId : undefined;
