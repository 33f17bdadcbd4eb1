/**
 * The history of calls the host keeps (shared/api/workspace.ts `HistoryEntry`): a page of it,
 * newest first, under the user's search and filters, read again when a call ends; an entry opens
 * in a new tab or is saved into a collection.
 */
import type { HistoryEntry, WorkbenchErrorData, WorkbenchEvent } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import type { GrpcRequest } from '../../../shared/collections/request';
import { fileIdFor, uniqueId, childrenOf } from '../collections/tree-edits';
import type { SliceContext } from '../store/slice';
import { toErrorInfo } from '../ui/error-info';

export interface HistoryQuery {
  /** Words that must all appear. */
  text: string;
  /** `''` (all), `failed` or a status name. */
  status: string;
  method: string;
  target: string;
}

export interface HistoryState {
  /** `idle` until the section is first shown: the history is not read before anyone looks. */
  status: 'idle' | 'loading' | 'loaded' | 'error';
  entries: HistoryEntry[];
  more: boolean;
  error?: WorkbenchErrorData;
  query: HistoryQuery;
  selectedId?: string;
}

export interface HistorySlice {
  history: HistoryState;
  /** Reads the first page under the current query. */
  loadHistory(): Promise<void>;
  /** The next page (entries older than the last shown). */
  loadMoreHistory(): Promise<void>;
  /** Changes the query: filters read at once, typed text after a pause. */
  setHistoryQuery(patch: Partial<HistoryQuery>): void;
  selectHistoryEntry(id: string | undefined): void;
  clearHistory(): Promise<void>;
  openHistoryEntry(entry: HistoryEntry): void;
  /** Writes the entry's request into a collection folder and opens it from there; returns its path. */
  saveHistoryEntry(
    entry: HistoryEntry,
    place: { root: string; folder: string; name: string },
  ): Promise<{ path: string } | { error: WorkbenchErrorData }>;
}

export const HISTORY_PAGE_SIZE = 50;
export const HISTORY_SEARCH_DEBOUNCE_MS = 250;
/** The host appends the entry as the call ends; reading at once could miss it. */
export const HISTORY_REFRESH_DELAY_MS = 150;

/** The events after which the history has a new entry (the host appends as a call ends). */
const refreshingEvents = new Set<WorkbenchEvent['type']>(['call-end', 'run-progress']);

const emptyQuery: HistoryQuery = { text: '', status: '', method: '', target: '' };

export function createHistorySlice({ set, get, client, onDispose }: SliceContext): HistorySlice {
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  // Only the answer to the latest read is shown (typing fires several).
  let generation = 0;

  const patch = (change: Partial<HistoryState>): void => set({ history: { ...get().history, ...change } });

  const paramsOf = (query: HistoryQuery, before?: string) => ({
    text: query.text.trim(),
    limit: HISTORY_PAGE_SIZE,
    ...(query.status ? { status: query.status } : {}),
    ...(query.method.trim() ? { method: query.method.trim() } : {}),
    ...(query.target.trim() ? { target: query.target.trim() } : {}),
    ...(before === undefined ? {} : { before }),
  });

  const read = async (before?: string): Promise<void> => {
    const mine = ++generation;
    patch({ status: 'loading' });
    try {
      const page = await client.listHistory(paramsOf(get().history.query, before));
      if (mine !== generation) return;
      const entries = before === undefined ? page.entries : [...get().history.entries, ...page.entries];
      patch({ status: 'loaded', entries, more: page.more, error: undefined });
    } catch (error) {
      if (mine === generation) patch({ status: 'error', error: toErrorInfo(error) });
    }
  };

  const unsubscribe = client.onEvent((event) => {
    // A collection run's calls reach the history too: each request's `run-progress` follows its call.
    if (!refreshingEvents.has(event.type) || get().history.status === 'idle') return;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void read(), HISTORY_REFRESH_DELAY_MS);
  });
  onDispose(() => {
    unsubscribe();
    clearTimeout(searchTimer);
    clearTimeout(refreshTimer);
  });

  return {
    history: { status: 'idle', entries: [], more: false, query: emptyQuery },

    loadHistory: () => read(),

    async loadMoreHistory() {
      const last = get().history.entries.at(-1);
      if (last !== undefined && get().history.more) await read(last.id);
    },

    setHistoryQuery(change) {
      patch({ query: { ...get().history.query, ...change } });
      clearTimeout(searchTimer);
      const onlyText = Object.keys(change).every((key) => key === 'text');
      if (onlyText) searchTimer = setTimeout(() => void read(), HISTORY_SEARCH_DEBOUNCE_MS);
      else void read();
    },

    selectHistoryEntry(id) {
      const { selectedId: _previous, ...rest } = get().history;
      set({ history: id === undefined ? rest : { ...rest, selectedId: id } });
    },

    async clearHistory() {
      try {
        await client.clearHistory({});
        patch({ entries: [], more: false, selectedId: undefined });
      } catch (error) {
        patch({ status: 'error', error: toErrorInfo(error) });
      }
    },

    openHistoryEntry(entry) {
      get().openRequestTab(entry.request);
    },

    async saveHistoryEntry(entry, { root, folder, name }) {
      try {
        const request: GrpcRequest = { ...entry.request, name: name.trim() };
        if (request.name === '') throw new WorkbenchError('bad_input', 'The saved request needs a name.');
        if (request.method === '')
          throw new WorkbenchError('bad_input', 'This call has no method, so it cannot be saved as a request.');
        const open = get().openCollections.find((candidate) => candidate.root === root);
        const siblings = open?.tree.status === 'loaded' ? childrenOf(open.tree.value, folder) : [];
        const { path } = await client.createCollectionEntry({
          root,
          folder,
          name: uniqueId(fileIdFor(request.name), new Set(siblings.map((child) => child.id))),
          entry: { type: 'request', request },
        });
        get().openRequestTab(request, { origin: { root, path, saved: request } });
        await get().refreshCollection(root);
        return { path };
      } catch (error) {
        return { error: toErrorInfo(error) };
      }
    },
  };
}

/** The entry shown in the detail, when it is on the page. */
export const selectHistoryEntry = (state: { history: HistoryState }): HistoryEntry | undefined =>
  state.history.entries.find((entry) => entry.id === state.history.selectedId);
