/**
 * The workspace rows of the fakes (the host tests' FakeService and the renderer's fake client): a
 * workspace and a history kept in memory, a file system of one folder. The real ones, against a
 * data folder, have their own tests in main/host/workspace.
 */
import { parseOperationParams, type OperationInput, type OperationResults } from '../operations';
import type { HistoryEntry, Workspace } from '../workspace';
import type { WorkspaceOperationName } from '../workspace';

export type FakeWorkspaceHandlers = {
  [K in WorkspaceOperationName]: (params: OperationInput<K>) => Promise<OperationResults[K]>;
};

export interface FakeWorkspaceState {
  workspace?: Workspace;
  /** Oldest first, as appended. */
  history: HistoryEntry[];
}

export function fakeWorkspaceHandlers(state: FakeWorkspaceState = { history: [] }): FakeWorkspaceHandlers {
  return {
    loadWorkspace: async () => (state.workspace === undefined ? {} : { workspace: clone(state.workspace) }),
    saveWorkspace: async (params) => {
      state.workspace = clone(parseOperationParams('saveWorkspace', params).workspace);
    },
    listHistory: async (params) => {
      const { text, limit } = parseOperationParams('listHistory', params);
      const words = text.toLowerCase().split(/\s+/).filter(Boolean);
      const matching = [...state.history]
        .reverse()
        .filter((entry) => words.every((word) => JSON.stringify(entry).toLowerCase().includes(word)));
      return { entries: matching.slice(0, limit), more: matching.length > limit };
    },
    getHistoryEntry: async ({ id }) => {
      const entry = state.history.find((candidate) => candidate.id === id);
      if (entry === undefined) throw new Error(`no history entry ${id}`);
      return entry;
    },
    clearHistory: async () => {
      state.history.length = 0;
    },
    listDirectory: async ({ path }) => ({
      path: path ?? '/home/user',
      home: '/home/user',
      folders: [],
      isCollection: false,
    }),
    recentCollections: async () => ({ collections: [] }),
  };
}

/** What the host's JSON file would give back: a copy, never the caller's object. */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
