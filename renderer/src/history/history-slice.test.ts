import type { WorkbenchEvent } from '../../../shared/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeWorkspaceHandlers } from '../../../shared/api/testing/fake-workspace';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { memoryCollection } from '../testing/fake-collections';
import { historyEntry } from '../testing/history-fixtures';
import { testStore } from '../testing/test-store';
import {
  HISTORY_PAGE_SIZE,
  HISTORY_REFRESH_DELAY_MS,
  HISTORY_SEARCH_DEBOUNCE_MS,
  selectHistoryEntry,
} from './history-slice';
import { selectActiveTab } from '../workspace/tabs-slice';

function historyStore(count: number) {
  const history = Array.from({ length: count }, (_, i) => historyEntry(i + 1));
  const client = new FakeWorkbenchClient(fakeWorkspaceHandlers({ history }));
  return { ...testStore(client), history };
}

describe('history slice', () => {
  afterEach(() => vi.useRealTimers());

  it('reads nothing until asked, then the newest page first', async () => {
    const { store, client } = historyStore(3);
    expect(client.paramsOf('listHistory')).toEqual([]);
    await store.getState().loadHistory();
    expect(client.paramsOf('listHistory')).toEqual([{ text: '', limit: HISTORY_PAGE_SIZE }]);
    expect(store.getState().history.entries.map((entry) => entry.id)).toEqual(['h3', 'h2', 'h1']);
    expect(store.getState().history.more).toBe(false);
  });

  it('pages with Load more: entries before the last one shown, appended', async () => {
    const entries = Array.from({ length: HISTORY_PAGE_SIZE + 5 }, (_, i) => historyEntry(i + 1));
    const client = new FakeWorkbenchClient({
      listHistory: async ({ before }) => {
        const newestFirst = [...entries].reverse();
        const from = before === undefined ? 0 : newestFirst.findIndex((entry) => entry.id === before) + 1;
        const page = newestFirst.slice(from, from + HISTORY_PAGE_SIZE);
        return { entries: page, more: from + page.length < newestFirst.length };
      },
    });
    const { store } = testStore(client);
    await store.getState().loadHistory();
    expect(store.getState().history.more).toBe(true);
    await store.getState().loadMoreHistory();
    expect(client.paramsOf('listHistory')[1]).toMatchObject({ before: 'h6' });
    expect(store.getState().history.entries).toHaveLength(HISTORY_PAGE_SIZE + 5);
    expect(store.getState().history.entries.at(-1)?.id).toBe('h1');
    expect(store.getState().history.more).toBe(false);
  });

  it('sends filters at once and typed text after a pause, with only set fields', async () => {
    const { store, client } = historyStore(1);
    await store.getState().loadHistory();
    vi.useFakeTimers();
    store.getState().setHistoryQuery({ status: 'failed' });
    store.getState().setHistoryQuery({ method: ' GetUser ' });
    expect(client.paramsOf('listHistory').slice(1)).toEqual([
      { text: '', limit: HISTORY_PAGE_SIZE, status: 'failed' },
      { text: '', limit: HISTORY_PAGE_SIZE, status: 'failed', method: 'GetUser' },
    ]);
    store.getState().setHistoryQuery({ text: 'u' });
    store.getState().setHistoryQuery({ text: 'u4' });
    store.getState().setHistoryQuery({ text: 'u42' });
    await vi.advanceTimersByTimeAsync(HISTORY_SEARCH_DEBOUNCE_MS - 1);
    expect(client.paramsOf('listHistory')).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.paramsOf('listHistory').at(-1)).toEqual({
      text: 'u42',
      limit: HISTORY_PAGE_SIZE,
      status: 'failed',
      method: 'GetUser',
    });
    store.getState().setHistoryQuery({ target: '127.0.0.1:50051', status: '' });
    expect(client.paramsOf('listHistory').at(-1)).toEqual({
      text: 'u42',
      limit: HISTORY_PAGE_SIZE,
      method: 'GetUser',
      target: '127.0.0.1:50051',
    });
  });

  it("reads again shortly after a call or a run's request ends, once the section has been shown", async () => {
    const { store, client, history } = historyStore(1);
    vi.useFakeTimers();
    const callEnd: WorkbenchEvent = {
      type: 'call-end',
      callId: 'call-1',
      status: { code: 0, name: 'OK', message: '', details: [] },
      headers: {},
      trailers: {},
      timings: { totalMs: 3 },
      received: 1,
      sent: 1,
    };
    client.emit(callEnd);
    await vi.advanceTimersByTimeAsync(HISTORY_REFRESH_DELAY_MS);
    expect(client.paramsOf('listHistory')).toEqual([]);
    await store.getState().loadHistory();
    history.push(historyEntry(2));
    client.emit(callEnd);
    await vi.advanceTimersByTimeAsync(HISTORY_REFRESH_DELAY_MS);
    expect(client.paramsOf('listHistory')).toHaveLength(2);
    expect(store.getState().history.entries[0]?.id).toBe('h2');
    // A collection run's call: its request's result follows it.
    history.push(historyEntry(3));
    client.emit({
      type: 'run-progress',
      runId: 'run-1',
      done: 1,
      total: 2,
      result: {
        path: 'get.grpc.yaml',
        folder: '',
        name: 'Get',
        method: 'a.B/C',
        verdict: 'passed',
        messageCount: 1,
        timeMs: 2,
        expectations: [],
      },
    });
    await vi.advanceTimersByTimeAsync(HISTORY_REFRESH_DELAY_MS);
    expect(client.paramsOf('listHistory')).toHaveLength(3);
    expect(store.getState().history.entries[0]?.id).toBe('h3');
  });

  it('selects an entry for the detail, opens it in a tab without a file, and clears the history', async () => {
    const { store, client } = historyStore(2);
    await store.getState().loadHistory();
    store.getState().selectHistoryEntry('h1');
    expect(selectHistoryEntry(store.getState())?.id).toBe('h1');
    store.getState().openHistoryEntry(selectHistoryEntry(store.getState())!);
    expect(store.getState().draft).toMatchObject({ method: 'user.v1.UserService/GetUser', target: '127.0.0.1:50051' });
    expect(selectActiveTab(store.getState())).not.toHaveProperty('origin');
    await store.getState().clearHistory();
    expect(client.paramsOf('clearHistory')).toEqual([{}]);
    expect(store.getState().history.entries).toEqual([]);
    expect(selectHistoryEntry(store.getState())).toBeUndefined();
  });

  it('saves an entry into a collection folder under a name, then opens it from its file', async () => {
    const collection = memoryCollection({
      'workbench.yaml': { kind: 'collection', version: 1, name: 'Lab' },
      'users/get-user.grpc.yaml': { kind: 'grpc-request', name: 'Get user', method: 'user.v1.UserService/GetUser' },
    });
    const client = new FakeWorkbenchClient(collection.handlers);
    const { store } = testStore(client);
    await store.getState().openCollection(collection.root);
    const entry = historyEntry(7);
    const saved = await store
      .getState()
      .saveHistoryEntry(entry, { root: collection.root, folder: 'users', name: 'Get user' });
    expect(saved).toEqual({ path: 'users/get-user-2.grpc.yaml' });
    const request = { ...entry.request, name: 'Get user' };
    expect(client.paramsOf('createCollectionEntry')).toEqual([
      { root: collection.root, folder: 'users', name: 'get-user-2', entry: { type: 'request', request } },
    ]);
    expect(selectActiveTab(store.getState())?.origin).toEqual({
      root: collection.root,
      path: 'users/get-user-2.grpc.yaml',
      saved: request,
    });
    const open = store.getState().openCollections[0];
    expect(open?.tree.status === 'loaded' && open.tree.value.children[0]?.type === 'folder').toBe(true);

    const nameless = await store.getState().saveHistoryEntry(entry, { root: collection.root, folder: '', name: ' ' });
    expect(nameless).toMatchObject({ error: { kind: 'bad_input', message: 'The saved request needs a name.' } });
  });
});
