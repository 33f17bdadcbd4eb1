/**
 * The forwards a user opened, kept by the host (main/host/saved-forwards.ts: a 0600 file in its data
 * folder) so the Cluster panel can offer them again after a restart. The engine only tells the
 * store what was opened; a host without a store (the CLI) remembers nothing.
 */
import type { SavedForward, SavedForwardList, WorkbenchApi } from '../../../shared/api';

/** What a saved forward is, before the store names and dates it. */
export type SavedForwardSpec = Omit<SavedForward, 'savedId' | 'savedAt'>;

export interface SavedForwardStore {
  /** Most recently opened first. */
  list(): Promise<SavedForward[]>;
  /** Adds the forward, or refreshes it when the same one was saved before. */
  remember(spec: SavedForwardSpec): Promise<void>;
  forget(savedId: string): Promise<void>;
}

export type SavedForwardOperations = Pick<WorkbenchApi, 'listSavedForwards' | 'forgetSavedForward'> & {
  /** Called once a forward the user asked for is open. */
  remember(spec: SavedForwardSpec): Promise<void>;
};

export function savedForwardOperations(store: SavedForwardStore | undefined): SavedForwardOperations {
  return {
    listSavedForwards: async ({ context }): Promise<SavedForwardList> => {
      if (store === undefined) return { forwards: [], kept: false };
      const forwards = await store.list();
      return {
        forwards: forwards.filter((forward) => context === undefined || forward.context === context),
        kept: true,
      };
    },
    forgetSavedForward: async ({ savedId }) => store?.forget(savedId),
    remember: async (spec) => store?.remember(spec),
  };
}
