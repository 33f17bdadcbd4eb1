/**
 * The collections open in the sidebar: each folder's tree as the host reads it (kept live by a
 * watch of the folder), the environment chosen for it (a tab from that collection resolves its
 * `{{variables}}` with it), the edits of the tree (new, rename, duplicate, delete with undo,
 * reorder, move) and the folder browser that finds a collection to open.
 */
import type {
  CollectionRequestNode,
  CollectionTree,
  DirectoryListing,
  RecentCollection,
  WorkbenchErrorData,
} from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import { FOLDER_FILE } from '../../../shared/collections/collection';
import type { GrpcRequest } from '../../../shared/collections/request';
import type { Loadable, SliceContext } from '../store/slice';
import { toErrorInfo } from '../ui/error-info';
import {
  childrenOf,
  countRequests,
  fileIdFor,
  findNode,
  manifestOf,
  moveInOrder,
  parentOf,
  restoreInOrder,
  snapshotOf,
  uniqueId,
  withOrder,
  type EntrySnapshot,
} from './tree-edits';

export interface OpenCollection {
  /** The path the user opened, until the host answers; then the collection folder it found. */
  root: string;
  watchId?: string;
  tree: Loadable<CollectionTree>;
  /** An environment id of the collection (`environments/<id>.yaml`); none: the collection's own variables only. */
  environment?: string;
}

/** The toast after a delete: what went, and whether Undo can bring it back. */
export interface CollectionNotice {
  message: string;
  undoable: boolean;
}

export interface FolderBrowser {
  listing: Loadable<DirectoryListing>;
  recent: RecentCollection[];
}

export interface CollectionsSlice {
  openCollections: OpenCollection[];
  /** Opens the collection at (or around) `path`; opening one already open refreshes it. */
  openCollection(path: string, environment?: string): Promise<void>;
  closeCollection(root: string): void;
  refreshCollection(root: string): Promise<void>;
  chooseEnvironment(root: string, environment: string | undefined): void;
  /** Opens the collections a saved workspace had, each with its environment. */
  restoreCollections(list: readonly { root: string; environment?: string }[]): Promise<void>;

  /** The last edit that failed, for the sidebar's banner. */
  collectionsError?: WorkbenchErrorData;
  dismissCollectionsError(): void;
  collectionNotice?: CollectionNotice;
  dismissCollectionNotice(): void;

  /** Opens a request of the tree in a tab that knows its file. */
  openCollectionRequest(root: string, node: CollectionRequestNode): void;
  /** Creates `<folder>/<id>.grpc.yaml` (id from the name) and opens it; returns its path. */
  createTreeRequest(
    root: string,
    folder: string,
    request: { name: string; method: string },
  ): Promise<string | undefined>;
  createTreeFolder(root: string, parent: string, name: string): Promise<string | undefined>;
  /** A request gets the name and a file id made from it; a folder is renamed to the name. */
  renameTreeEntry(root: string, path: string, newName: string): Promise<string | undefined>;
  /** Copies a request as "<name> copy" beside it. */
  duplicateTreeEntry(root: string, path: string): Promise<string | undefined>;
  /** Deletes; the notice offers Undo for ~10 s when the entry can be recreated exactly. */
  deleteTreeEntry(root: string, path: string): Promise<boolean>;
  undoTreeDelete(): Promise<boolean>;
  /** Puts an entry at `toIndex` among its siblings: writes the parent's `order`. */
  reorderTreeEntry(root: string, path: string, toIndex: number): Promise<boolean>;
  moveTreeEntry(root: string, path: string, toFolder: string): Promise<string | undefined>;

  folderBrowser: FolderBrowser;
  /** Lists a folder (default: home) and the recent collections. */
  browseFolder(path?: string): Promise<void>;
}

/** Changes on disk come in bursts (a git checkout): one refresh after they settle. */
export const REFRESH_DEBOUNCE_MS = 200;
/** How long a delete can be undone. */
export const UNDO_MS = 10_000;

interface PendingDelete {
  root: string;
  parent: string;
  snapshot: EntrySnapshot;
  /** The parent's `order` before the delete. */
  previousOrder?: string[];
}

export function createCollectionsSlice({ set, get, client, newId, onDispose }: SliceContext): CollectionsSlice {
  const watches = new Map<
    string,
    { watchId: string; unsubscribe: () => void; timer?: ReturnType<typeof setTimeout> }
  >();
  let pendingDelete: PendingDelete | undefined;
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;

  const update = (root: string, change: (open: OpenCollection) => OpenCollection | undefined): void =>
    set({
      openCollections: get().openCollections.flatMap((open) => {
        if (open.root !== root) return [open];
        const next = change(open);
        return next ? [next] : [];
      }),
    });

  const stopWatch = (root: string): void => {
    const watch = watches.get(root);
    if (watch === undefined) return;
    watches.delete(root);
    clearTimeout(watch.timer);
    watch.unsubscribe();
    client.unwatchCollection({ watchId: watch.watchId }).catch(() => undefined);
  };

  const startWatch = async (root: string): Promise<void> => {
    if (watches.has(root)) return;
    const watchId = newId('watch');
    const watch: { watchId: string; unsubscribe: () => void; timer?: ReturnType<typeof setTimeout> } = {
      watchId,
      unsubscribe: client.subscribe(watchId, (event) => {
        if (event.type !== 'collection-changed') return;
        clearTimeout(watch.timer);
        watch.timer = setTimeout(() => void load(root), REFRESH_DEBOUNCE_MS);
      }),
    };
    watches.set(root, watch);
    try {
      await client.watchCollection({ watchId, root });
      update(root, (open) => ({ ...open, watchId }));
    } catch {
      // Without a watch the tree still works; it refreshes after our own edits.
      watch.unsubscribe();
      watches.delete(root);
    }
  };

  const load = async (root: string): Promise<void> => {
    try {
      const tree = await client.openCollection({ path: root });
      // The host answers with the collection folder; a path inside it becomes that folder.
      const duplicate = tree.root !== root && get().openCollections.some((open) => open.root === tree.root);
      if (duplicate) update(root, () => undefined);
      else update(root, (open) => ({ ...open, root: tree.root, tree: { status: 'loaded', value: tree } }));
      if (!duplicate && get().openCollections.some((open) => open.root === tree.root)) await startWatch(tree.root);
    } catch (error) {
      update(root, (open) => ({ ...open, tree: { status: 'error', error: toErrorInfo(error) } }));
    }
  };

  const treeOf = (root: string): CollectionTree => {
    const open = get().openCollections.find((candidate) => candidate.root === root);
    if (open?.tree.status !== 'loaded') throw new WorkbenchError('not_found', `The collection ${root} is not open.`);
    return open.tree.value;
  };

  /** Runs an edit; a failure goes to the banner. Either way the tree is read again. */
  const attempt = async <T>(root: string, edit: () => Promise<T>): Promise<T | undefined> => {
    try {
      const result = await edit();
      set({ collectionsError: undefined });
      return result;
    } catch (error) {
      set({ collectionsError: toErrorInfo(error) });
      return undefined;
    } finally {
      await load(root);
    }
  };

  const siblingIds = (root: string, folder: string): Set<string> =>
    new Set(childrenOf(treeOf(root), folder).map((child) => child.id));

  const writeOrder = async (root: string, folder: string, order: (current: string[] | undefined) => string[]) => {
    const manifest = manifestOf(treeOf(root), folder);
    await client.writeCollectionEntry({
      root,
      path: manifest.path,
      model: withOrder(manifest.model, order(manifest.model.order)),
    });
  };

  const recreate = async (root: string, folder: string, snapshot: EntrySnapshot): Promise<void> => {
    if (snapshot.type === 'request') {
      await client.createCollectionEntry({
        root,
        folder,
        name: snapshot.id,
        entry: { type: 'request', request: snapshot.request },
      });
      return;
    }
    const { path } = await client.createCollectionEntry({
      root,
      folder,
      name: snapshot.id,
      entry: { type: 'folder', ...(snapshot.folder ? { folder: snapshot.folder } : {}) },
    });
    for (const child of snapshot.children) await recreate(root, path, child);
  };

  const showNotice = (notice: CollectionNotice | undefined): void => {
    clearTimeout(noticeTimer);
    set({ collectionNotice: notice });
    if (notice === undefined) return;
    noticeTimer = setTimeout(() => {
      pendingDelete = undefined;
      set({ collectionNotice: undefined });
    }, UNDO_MS);
  };

  onDispose(() => {
    clearTimeout(noticeTimer);
    for (const root of [...watches.keys()]) stopWatch(root);
  });

  return {
    openCollections: [],

    async openCollection(path, environment) {
      if (!get().openCollections.some((open) => open.root === path)) {
        set({
          openCollections: [
            ...get().openCollections,
            { root: path, tree: { status: 'loading' }, ...(environment === undefined ? {} : { environment }) },
          ],
        });
      }
      await load(path);
    },

    closeCollection(root) {
      stopWatch(root);
      update(root, () => undefined);
    },

    refreshCollection: (root) => load(root),

    chooseEnvironment(root, environment) {
      update(root, ({ environment: _previous, ...open }) =>
        environment === undefined ? open : { ...open, environment },
      );
    },

    async restoreCollections(list) {
      await Promise.all(list.map(({ root, environment }) => get().openCollection(root, environment)));
    },

    dismissCollectionsError: () => set({ collectionsError: undefined }),
    dismissCollectionNotice: () => {
      pendingDelete = undefined;
      showNotice(undefined);
    },

    openCollectionRequest(root, node) {
      if (node.request === undefined) return;
      get().openRequestTab(node.request, { origin: { root, path: node.path, saved: node.request } });
    },

    createTreeRequest: (root, folder, { name, method }) =>
      attempt(root, async () => {
        const request: GrpcRequest = { kind: 'grpc-request', name: name.trim(), method: method.trim() };
        if (request.name === '' || request.method === '')
          throw new WorkbenchError('bad_input', 'A new request needs a name and a method (package.Service/Method).');
        const id = uniqueId(fileIdFor(request.name), siblingIds(root, folder));
        const { path } = await client.createCollectionEntry({
          root,
          folder,
          name: id,
          entry: { type: 'request', request },
        });
        get().openRequestTab(request, { origin: { root, path, saved: request } });
        return path;
      }),

    createTreeFolder: (root, parent, name) =>
      attempt(root, async () => {
        const { path } = await client.createCollectionEntry({
          root,
          folder: parent,
          name: name.trim(),
          entry: { type: 'folder' },
        });
        return path;
      }),

    renameTreeEntry: (root, path, newName) =>
      attempt(root, async () => {
        const node = findNode(treeOf(root).children, path);
        const name = newName.trim();
        if (node === undefined) throw new WorkbenchError('not_found', `${path} is no longer in the collection.`);
        if (name === '' || name === node.name) return path;
        const taken = siblingIds(root, parentOf(path));
        taken.delete(node.id);
        const newId = node.type === 'request' ? uniqueId(fileIdFor(name), taken) : name;
        const renamed =
          newId === node.id ? path : (await client.renameCollectionEntry({ root, path, newName: newId })).path;
        get().retargetTabs(root, path, renamed);
        if (node.type === 'request' && node.request !== undefined)
          await client.writeCollectionEntry({ root, path: renamed, model: { ...node.request, name } });
        if (node.type === 'folder' && node.folder?.name !== undefined)
          await client.writeCollectionEntry({
            root,
            path: `${renamed}/${FOLDER_FILE}`,
            model: { ...node.folder, name },
          });
        return renamed;
      }),

    duplicateTreeEntry: (root, path) =>
      attempt(root, async () => {
        const read = await client.readCollectionEntry({ root, path });
        if (read.model?.kind !== 'grpc-request')
          throw new WorkbenchError(
            'bad_input',
            `${path} cannot be duplicated: ${read.problem?.message ?? 'not a request'}.`,
            {
              subject: path,
            },
          );
        const name = `${read.model.name} copy`;
        const { path: copy } = await client.createCollectionEntry({
          root,
          folder: parentOf(path),
          name: uniqueId(fileIdFor(name), siblingIds(root, parentOf(path))),
          entry: { type: 'request', request: { ...read.model, name } },
        });
        return copy;
      }),

    async deleteTreeEntry(root, path) {
      const done = await attempt(root, async () => {
        const tree = treeOf(root);
        const node = findNode(tree.children, path);
        if (node === undefined) throw new WorkbenchError('not_found', `${path} is no longer in the collection.`);
        const parent = parentOf(path);
        const taken = snapshotOf(node);
        let previousOrder: string[] | undefined;
        try {
          previousOrder = manifestOf(tree, parent).model.order;
        } catch {
          previousOrder = undefined;
        }
        await client.deleteCollectionEntry({ root, path });
        const what = node.type === 'folder' ? `folder “${node.name}”` : `“${node.name}”`;
        if ('snapshot' in taken) {
          pendingDelete = { root, parent, snapshot: taken.snapshot, ...(previousOrder ? { previousOrder } : {}) };
          const count = countRequests(taken.snapshot);
          const extra = node.type === 'folder' ? ` (${count} request${count === 1 ? '' : 's'})` : '';
          showNotice({ message: `Deleted ${what}${extra}`, undoable: true });
        } else {
          pendingDelete = undefined;
          showNotice({ message: `Deleted ${what}; it cannot be undone (${taken.unrestorable})`, undoable: false });
        }
        return true;
      });
      return done === true;
    },

    async undoTreeDelete() {
      const pending = pendingDelete;
      if (pending === undefined) return false;
      pendingDelete = undefined;
      showNotice(undefined);
      const done = await attempt(pending.root, async () => {
        await recreate(pending.root, pending.parent, pending.snapshot);
        // Read the parent's manifest again: the delete (and anything since) changed it.
        await load(pending.root);
        const { id } = pending.snapshot;
        const previous = pending.previousOrder;
        if (previous?.includes(id))
          await writeOrder(pending.root, pending.parent, (current) => restoreInOrder(current, id, previous));
        return true;
      });
      return done === true;
    },

    async reorderTreeEntry(root, path, toIndex) {
      const done = await attempt(root, async () => {
        const parent = parentOf(path);
        const ids = childrenOf(treeOf(root), parent).map((child) => child.id);
        const node = findNode(treeOf(root).children, path);
        if (node === undefined) throw new WorkbenchError('not_found', `${path} is no longer in the collection.`);
        const next = moveInOrder(ids, node.id, toIndex);
        if (next.every((id, index) => ids[index] === id)) return true;
        await writeOrder(root, parent, () => next);
        return true;
      });
      return done === true;
    },

    moveTreeEntry: (root, path, toFolder) =>
      attempt(root, async () => {
        if (toFolder === path || toFolder.startsWith(`${path}/`))
          throw new WorkbenchError('bad_input', `${path} cannot be moved into itself.`, { subject: path });
        if (parentOf(path) === toFolder) return path;
        const moved = (await client.moveCollectionEntry({ root, path, toFolder })).path;
        get().retargetTabs(root, path, moved);
        return moved;
      }),

    folderBrowser: { listing: { status: 'idle' }, recent: [] },

    async browseFolder(path) {
      set({ folderBrowser: { ...get().folderBrowser, listing: { status: 'loading' } } });
      const [listing, recent] = await Promise.allSettled([
        client.listDirectory(path === undefined ? {} : { path }),
        client.recentCollections({}),
      ]);
      set({
        folderBrowser: {
          listing:
            listing.status === 'fulfilled'
              ? { status: 'loaded', value: listing.value }
              : { status: 'error', error: toErrorInfo(listing.reason) },
          recent: recent.status === 'fulfilled' ? recent.value.collections : get().folderBrowser.recent,
        },
      });
    },
  };
}

/** The open collection a tab's file belongs to. */
export const selectCollectionOf =
  (root: string | undefined) =>
  (state: Pick<CollectionsSlice, 'openCollections'>): OpenCollection | undefined =>
    root === undefined ? undefined : state.openCollections.find((open) => open.root === root);
