/**
 * Environments and secrets of the active tab's collection: the host's word on each secret (where
 * a call would take it from — never its value), setting and deleting a secret in the host's
 * store, and saving an environment's variables into `environments/<id>.yaml`. The chosen
 * environment itself is the collections slice's (`chooseEnvironment`).
 */
import type { SchemaSource, SecretStatus, WorkbenchErrorData } from '../../../shared/api';
import type { EnvironmentFile } from '../../../shared/collections/collection';
import { ENVIRONMENTS_FOLDER } from '../../../shared/collections/collection';
import type { GrpcRequest } from '../../../shared/collections/request';
import { selectCollectionOf, type CollectionsSlice, type OpenCollection } from '../collections/collections-slice';
import type { Loadable, SliceContext } from '../store/slice';
import type { Checked } from '../ui/checked';
import { toErrorInfo } from '../ui/error-info';
import type { TabsSlice } from '../workspace/tabs-slice';
import { draftScope, noScope, resolveDraftVariables, type DraftScope } from './draft-variables';

export interface EnvironmentsSlice {
  /** Collection root → its secrets' status, as the host last told. */
  secretStatuses: Readonly<Record<string, Loadable<SecretStatus[]>>>;
  /** The last failure of saving an environment or a secret, for the view that made it. */
  environmentsError?: WorkbenchErrorData;
  loadSecretStatus(root: string): Promise<void>;
  /** Keeps a secret's value in the host's secret store (never in the collection folder). */
  saveSecret(root: string, name: string, value: string): Promise<boolean>;
  removeSecret(root: string, name: string): Promise<boolean>;
  /** Writes `environments/<id>.yaml` and re-reads the collection. */
  saveEnvironment(root: string, id: string, environment: EnvironmentFile): Promise<boolean>;
  dismissEnvironmentsError(): void;
}

export function createEnvironmentsSlice({ set, get, client }: SliceContext): EnvironmentsSlice {
  const setStatus = (root: string, status: Loadable<SecretStatus[]>) =>
    set({ secretStatuses: { ...get().secretStatuses, [root]: status } });
  const attempt = async (operation: () => Promise<unknown>): Promise<boolean> => {
    try {
      await operation();
      set({ environmentsError: undefined });
      return true;
    } catch (error) {
      set({ environmentsError: toErrorInfo(error) });
      return false;
    }
  };

  return {
    secretStatuses: {},

    async loadSecretStatus(root) {
      if (get().secretStatuses[root] === undefined) setStatus(root, { status: 'loading' });
      try {
        const { secrets } = await client.secretStatus({ root });
        setStatus(root, { status: 'loaded', value: secrets });
      } catch (error) {
        setStatus(root, { status: 'error', error: toErrorInfo(error) });
      }
    },

    async saveSecret(root, name, value) {
      const saved = await attempt(() => client.setSecret({ root, name, value }));
      await get().loadSecretStatus(root);
      return saved;
    },

    async removeSecret(root, name) {
      const removed = await attempt(() => client.deleteSecret({ root, name }));
      await get().loadSecretStatus(root);
      return removed;
    },

    async saveEnvironment(root, id, environment) {
      const saved = await attempt(() =>
        client.writeCollectionEntry({ root, path: `${ENVIRONMENTS_FOLDER}/${id}.yaml`, model: environment }),
      );
      if (saved) await Promise.all([get().refreshCollection(root), get().loadSecretStatus(root)]);
      return saved;
    },

    dismissEnvironmentsError() {
      set({ environmentsError: undefined });
    },
  };
}

type ScopeState = Pick<TabsSlice, 'tabs' | 'activeTabId'> &
  Pick<CollectionsSlice, 'openCollections'> &
  Pick<EnvironmentsSlice, 'secretStatuses'>;

/** The active tab's place in a collection: its root and request path (none for a tab never saved). */
export function selectActiveOrigin(
  state: Pick<TabsSlice, 'tabs' | 'activeTabId'>,
): { root: string; path: string } | undefined {
  const origin = state.tabs.find((tab) => tab.id === state.activeTabId)?.origin;
  return origin === undefined ? undefined : { root: origin.root, path: origin.path };
}

/** The open collection of the active tab. */
export function selectActiveCollection(state: ScopeState): OpenCollection | undefined {
  return selectCollectionOf(selectActiveOrigin(state)?.root)(state);
}

/** What the active request's variables resolve against (a new object each time: memoize in components). */
export function selectDraftScope(state: ScopeState): DraftScope {
  const origin = selectActiveOrigin(state);
  const open = selectActiveCollection(state);
  if (origin === undefined || open?.tree.status !== 'loaded') return noScope;
  const secrets = state.secretStatuses[open.root];
  return draftScope(
    open.tree.value,
    origin.path,
    open.environment,
    secrets?.status === 'loaded' ? secrets.value : undefined,
  );
}

/** The call scope startCall (and reflection) take so the host resolves the request's secrets. */
export interface ResolvedSend {
  draft: GrpcRequest;
  collection?: { root: string; path?: string };
}

/**
 * The active draft ready to send (or connect, `fields: 'connection'`): defaults applied, plain
 * variables resolved, secrets left for the host of `collection` — or the error naming every
 * unresolved variable. What the call slice's send() and the connection slice's connect() take.
 */
export function resolveActiveDraft(
  state: ScopeState & { draft: GrpcRequest },
  fields: 'all' | 'connection' = 'all',
): Checked<ResolvedSend> {
  const scope = selectDraftScope(state);
  const resolution = resolveDraftVariables(state.draft, scope, fields);
  if (!resolution.ok) return { ok: false, error: resolution.error };
  const origin = selectActiveOrigin(state);
  return {
    ok: true,
    value: {
      draft: resolution.draft,
      ...(scope.root === undefined
        ? {}
        : { collection: { root: scope.root, ...(origin ? { path: origin.path } : {}) } }),
    },
  };
}

/** A reflection source that names the collection, so the host resolves secrets in its metadata. */
export function withCollectionScope(source: SchemaSource, collection: ResolvedSend['collection']): SchemaSource {
  return source.kind === 'reflection' && collection ? { ...source, collection: { root: collection.root } } : source;
}
