/**
 * The collections open in the sidebar: each folder's tree as the host reads it, and the
 * environment chosen for it (a tab from that collection resolves its `{{variables}}` with it).
 */
import type { CollectionTree } from '../../../shared/api';
import type { Loadable, SliceContext } from '../store/slice';
import { toErrorInfo } from '../ui/error-info';

export interface OpenCollection {
  /** The path the user opened, until the host answers; then the collection folder it found. */
  root: string;
  watchId?: string;
  tree: Loadable<CollectionTree>;
  /** An environment id of the collection (`environments/<id>.yaml`); none: the collection's own variables only. */
  environment?: string;
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
}

export function createCollectionsSlice({ set, get, client }: SliceContext): CollectionsSlice {
  const update = (root: string, change: (open: OpenCollection) => OpenCollection | undefined): void =>
    set({
      openCollections: get().openCollections.flatMap((open) => {
        if (open.root !== root) return [open];
        const next = change(open);
        return next ? [next] : [];
      }),
    });

  const load = async (root: string): Promise<void> => {
    try {
      const tree = await client.openCollection({ path: root });
      // The host answers with the collection folder; a path inside it becomes that folder.
      const duplicate = tree.root !== root && get().openCollections.some((open) => open.root === tree.root);
      if (duplicate) update(root, () => undefined);
      else update(root, (open) => ({ ...open, root: tree.root, tree: { status: 'loaded', value: tree } }));
    } catch (error) {
      update(root, (open) => ({ ...open, tree: { status: 'error', error: toErrorInfo(error) } }));
    }
  };

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
  };
}

/** The open collection a tab's file belongs to. */
export const selectCollectionOf =
  (root: string | undefined) =>
  (state: Pick<CollectionsSlice, 'openCollections'>): OpenCollection | undefined =>
    root === undefined ? undefined : state.openCollections.find((open) => open.root === root);
