import { describe, expect, it, vi } from 'vitest';
import type { CollectionEntry, Workspace } from '../../../shared/api';
import type { GrpcRequest } from '../../../shared/collections/request';
import { WorkbenchError } from '../../../shared/api';
import { fakeWorkspaceHandlers, type FakeWorkspaceState } from '../../../shared/api/testing/fake-workspace';
import { describeFakeMethod, FakeWorkbenchClient, fakeServices } from '../testing/fake-client';
import { selectCallSession } from '../connection/connection-slice';
import { selectSelectedMethod } from '../services/services-slice';
import { connectedStore, methodNamed, testStore } from '../testing/test-store';
import { tabStateKeys } from './tab-state';

const getUser = methodNamed('GetUser');
const listUsers = methodNamed('ListUsers');

const savedGetUser: GrpcRequest = {
  kind: 'grpc-request',
  name: 'Get a user',
  method: 'user.v1.UserService/GetUser',
  target: 'localhost:50051',
  message: '{"id":"7"}',
};
const origin = { root: '/work/users-api', path: 'get-user.grpc.yaml', saved: savedGetUser };

/** A client whose collection files are a map the test changes, as git or an editor would. */
function clientWithFiles(files: Map<string, GrpcRequest>) {
  const client = new FakeWorkbenchClient();
  client.handlers.readCollectionEntry = async ({ path }): Promise<CollectionEntry> => {
    const model = files.get(path);
    if (!model) throw new WorkbenchError('not_found', `No file ${path} in the collection.`);
    return { path, text: JSON.stringify(model), model };
  };
  client.handlers.writeCollectionEntry = async ({ path, model }) => {
    files.set(path, model as GrpcRequest);
  };
  return client;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('tabs slice', () => {
  it('opens a saved request in a new tab, with its file as the tab’s origin, and focuses it when opened again', async () => {
    const { store } = await connectedStore();
    const first = store.getState().activeTabId;
    const id = store.getState().openRequestTab(savedGetUser, { origin });
    const state = store.getState();
    expect(state.activeTabId).toBe(id);
    expect(state.tabs.map((tab) => tab.id)).toEqual([first, id]);
    expect(state.tabs[1]).toEqual({ id, title: 'Get a user', dirty: false, origin });
    expect(state.draft).toEqual(savedGetUser);
    store.getState().activateTab(first);
    expect(store.getState().openRequestTab(savedGetUser, { origin })).toBe(id);
    expect(store.getState().activeTabId).toBe(id);
    expect(store.getState().tabs).toHaveLength(2);
  });

  it('keeps every field of each tab across a swap', async () => {
    const { store, frames } = await connectedStore();
    await store.getState().selectMethod(getUser);
    store.getState().setRequestText('{"id":"first"}');
    store.getState().updateMetadataRow(0, { key: 'Bad Key', value: 'x' });
    store.getState().setDeadlineText('3s');
    await store.getState().send();
    frames.runFrame();
    const first = store.getState().activeTabId;
    const before = Object.fromEntries(tabStateKeys.map((key) => [key, store.getState()[key]]));

    store.getState().newTab();
    const second = store.getState().activeTabId;
    expect(store.getState().draft.method).toBe('');
    expect(store.getState().schema.status).toBe('idle');
    expect(store.getState().call).toBeUndefined();
    store.getState().setTarget('localhost:6000');

    store.getState().activateTab(first);
    const after = Object.fromEntries(tabStateKeys.map((key) => [key, store.getState()[key]]));
    expect(after).toEqual(before);
    store.getState().activateTab(second);
    expect(store.getState().draft.target).toBe('localhost:6000');
  });

  it('folds the events of a call in a background tab into that tab', async () => {
    const client = new FakeWorkbenchClient();
    const { store, frames } = await connectedStore(client);
    await store.getState().selectMethod(listUsers);
    await store.getState().send();
    const streaming = store.getState().activeTabId;
    store.getState().newTab();
    client.emit({
      type: 'call-messages',
      callId: 'call-1',
      messages: [{ index: 0, json: { id: 'u0' }, sizeBytes: 4, receivedMs: 1 }],
    });
    frames.runFrame();
    expect(store.getState().call).toBeUndefined();
    expect(store.getState().backgroundTabs[streaming]?.call?.receivedTotal).toBe(1);
    store.getState().activateTab(streaming);
    expect(store.getState().call?.receivedTotal).toBe(1);
  });

  it('gives a schema that loads after the user switched tabs to the tab that connected', async () => {
    const client = new FakeWorkbenchClient();
    let answer: (() => void) | undefined;
    const loadSchema = client.handlers.loadSchema;
    client.handlers.loadSchema = (params) =>
      new Promise((resolve) => (answer = () => void loadSchema(params).then(resolve)));
    const { store } = testStore(client);
    const connecting = store.getState().activeTabId;
    const connected = store.getState().connect();
    store.getState().newTab();
    answer!();
    await connected;
    expect(store.getState().schema.status).toBe('idle');
    expect(store.getState().backgroundTabs[connecting]?.schema.status).toBe('loaded');
  });

  it('releases the channel badge of a tab in the background and takes it back when it is shown', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client);
    await settle();
    const first = store.getState().activeTabId;
    expect(client.paramsOf('watchChannel')).toHaveLength(1);
    store.getState().newTab();
    await settle();
    expect(client.paramsOf('unwatchChannel')).toHaveLength(1);
    store.getState().activateTab(first);
    expect(client.paramsOf('watchChannel')).toHaveLength(2);
  });

  it('cancels a closed tab’s open call and leaves one empty tab when the last closes', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client);
    await store.getState().selectMethod(listUsers);
    await store.getState().send();
    store.getState().closeTab(store.getState().activeTabId);
    expect(client.paramsOf('cancelCall')).toEqual([{ callId: 'call-1' }]);
    expect(store.getState().tabs).toHaveLength(1);
    expect(store.getState().draft.method).toBe('');
    expect(store.getState().call).toBeUndefined();
  });

  it('cycles through the tabs, wrapping around', () => {
    const { store } = testStore();
    const ids = [store.getState().activeTabId, store.getState().newTab(), store.getState().newTab()];
    store.getState().cycleTab(1);
    expect(store.getState().activeTabId).toBe(ids[0]);
    store.getState().cycleTab(-1);
    expect(store.getState().activeTabId).toBe(ids[2]);
  });

  it('marks a tab dirty when its draft leaves the saved version, and clean when it comes back', () => {
    const { store } = testStore();
    const id = store.getState().openRequestTab(savedGetUser, { origin });
    store.getState().setRequestText('{"id":"8"}');
    expect(store.getState().tabs.find((tab) => tab.id === id)?.dirty).toBe(true);
    store.getState().setRequestText('{"id":"7"}');
    expect(store.getState().tabs.find((tab) => tab.id === id)?.dirty).toBe(false);
  });

  it('counts a never-saved tab as edited by its request, not by a target filled in for it', () => {
    const { store } = testStore();
    store.getState().setTarget('127.0.0.1:50051');
    expect(store.getState().tabs[0]?.dirty).toBe(false);
    store.getState().setDeadlineText('1s');
    expect(store.getState().tabs[0]?.dirty).toBe(true);
  });

  it('asks before closing a tab with unsaved changes', () => {
    const { store } = testStore();
    store.getState().setDeadlineText('1s');
    const id = store.getState().activeTabId;
    store.getState().askCloseTab(id);
    expect(store.getState().closingTabId).toBe(id);
    store.getState().cancelCloseTab();
    expect(store.getState().tabs.map((tab) => tab.id)).toEqual([id]);
  });

  it('saves a tab to its file, sends the draft and its file with each call', async () => {
    const files = new Map([['get-user.grpc.yaml', savedGetUser]]);
    const client = clientWithFiles(files);
    const { store } = await connectedStore(client);
    const id = store.getState().openRequestTab(savedGetUser, { origin });
    await settle(); // it names its target: it connects by itself
    await store.getState().selectMethod(getUser);
    store.getState().setRequestText('{"id":"9"}');
    await store.getState().saveActiveTab();
    expect(client.paramsOf('writeCollectionEntry')).toEqual([
      { root: origin.root, path: origin.path, model: { ...savedGetUser, message: '{"id":"9"}' } },
    ]);
    expect(store.getState().tabs.find((tab) => tab.id === id)?.dirty).toBe(false);
    await store.getState().send();
    expect(client.paramsOf('startCall')[0]).toMatchObject({
      draft: store.getState().draft,
      collection: { root: origin.root, path: origin.path },
    });
  });

  it('says what a request lacks before saving it, and keeps the host’s refusal with the tab', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = testStore(client);
    store.getState().openRequestTab({ ...savedGetUser, method: '' }, { origin });
    await store.getState().saveActiveTab();
    expect(store.getState().tabs[1]?.saveError?.message).toBe('This request cannot be saved without a method.');
    expect(client.paramsOf('writeCollectionEntry')).toHaveLength(0);
    client.handlers.writeCollectionEntry = async () => {
      throw new WorkbenchError('io', 'The folder is read-only.');
    };
    store.getState().setRequestText('{"id":"typed"}');
    store.getState().loadDraft({ ...store.getState().draft, method: getUser.path });
    await store.getState().saveActiveTab();
    expect(store.getState().tabs[1]?.saveError?.message).toBe('The folder is read-only.');
    expect(store.getState().tabs[1]?.dirty).toBe(true);
  });

  it('saves a never-saved tab as a new file of the chosen folder, named after the file', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client);
    await store.getState().selectMethod(getUser);
    await store.getState().saveActiveTab();
    expect(store.getState().saveAsOpen).toBe(true);
    await store.getState().saveActiveTabAs({ root: '/work/users-api', folder: 'users', name: 'get-one' });
    const request = client.paramsOf('createCollectionEntry')[0];
    expect(request).toMatchObject({
      root: '/work/users-api',
      folder: 'users',
      name: 'get-one',
      entry: { type: 'request', request: { name: 'get-one', method: getUser.path } },
    });
    const tab = store.getState().tabs[0]!;
    expect(tab.origin).toMatchObject({ root: '/work/users-api', path: 'users/get-one.grpc.yaml' });
    expect(tab).toMatchObject({ title: 'get-one', dirty: false });
    expect(store.getState().saveAsOpen).toBe(false);
    expect(client.paramsOf('watchCollection')).toEqual([{ watchId: expect.any(String), root: '/work/users-api' }]);
  });

  it('follows its file on disk when it has no unsaved changes', async () => {
    const files = new Map([['get-user.grpc.yaml', savedGetUser]]);
    const client = clientWithFiles(files);
    const { store } = testStore(client);
    store.getState().openRequestTab(savedGetUser, { origin });
    const watchId = client.paramsOf('watchCollection')[0]!.watchId;
    const pulled = { ...savedGetUser, message: '{"id":"from git"}' };
    files.set('get-user.grpc.yaml', pulled);
    client.emit({
      type: 'collection-changed',
      watchId,
      changes: [{ type: 'changed', path: origin.path, directory: false }],
    });
    await settle();
    expect(store.getState().draft).toEqual(pulled);
    expect(store.getState().tabs[1]).toMatchObject({ dirty: false, origin: { saved: pulled } });
    expect(store.getState().tabs[1]?.diskChange).toBeUndefined();
  });

  it('shows both sides when its file changes under unsaved changes, and lets the user keep theirs or take the disk’s', async () => {
    const files = new Map([['get-user.grpc.yaml', savedGetUser]]);
    const client = clientWithFiles(files);
    const { store } = testStore(client);
    const id = store.getState().openRequestTab(savedGetUser, { origin });
    const watchId = client.paramsOf('watchCollection')[0]!.watchId;
    store.getState().setRequestText('{"id":"mine"}');
    const theirs = { ...savedGetUser, message: '{"id":"theirs"}' };
    files.set('get-user.grpc.yaml', theirs);
    const changed = { type: 'changed' as const, path: origin.path, directory: false };
    client.emit({ type: 'collection-changed', watchId, changes: [changed] });
    await settle();
    expect(store.getState().draft.message).toBe('{"id":"mine"}');
    expect(store.getState().tabs[1]?.diskChange).toEqual({
      kind: 'changed',
      request: theirs,
      text: JSON.stringify(theirs),
    });

    store.getState().keepMine(id);
    expect(store.getState().tabs[1]).toMatchObject({ dirty: true, origin: { saved: theirs } });
    expect(store.getState().tabs[1]?.diskChange).toBeUndefined();

    const again = { ...savedGetUser, message: '{"id":"again"}' };
    files.set('get-user.grpc.yaml', again);
    client.emit({ type: 'collection-changed', watchId, changes: [changed] });
    await settle();
    store.getState().takeTheirs(id);
    expect(store.getState().draft).toEqual(again);
    expect(store.getState().tabs[1]).toMatchObject({ dirty: false, origin: { saved: again } });
  });

  it('keeps the draft of a tab whose file was deleted, as an unsaved tab', async () => {
    const files = new Map([['get-user.grpc.yaml', savedGetUser]]);
    const client = clientWithFiles(files);
    const { store } = testStore(client);
    store.getState().openRequestTab(savedGetUser, { origin });
    const watchId = client.paramsOf('watchCollection')[0]!.watchId;
    files.delete('get-user.grpc.yaml');
    client.emit({
      type: 'collection-changed',
      watchId,
      changes: [{ type: 'removed', path: origin.path, directory: false }],
    });
    await settle();
    expect(store.getState().draft).toEqual(savedGetUser);
    expect(store.getState().tabs[1]).toMatchObject({ dirty: true, diskChange: { kind: 'removed', path: origin.path } });
    expect(store.getState().tabs[1]?.origin).toBeUndefined();
    expect(client.paramsOf('unwatchCollection')).toEqual([{ watchId }]);
  });

  it('keeps the workspace as the user types (debounced) and gives it back exactly, invalid metadata rows included', async () => {
    vi.useFakeTimers();
    try {
      const workspaceState: FakeWorkspaceState = { history: [] };
      const files = new Map([['get-user.grpc.yaml', savedGetUser]]);
      const client = clientWithFiles(files);
      Object.assign(client.handlers, fakeWorkspaceHandlers(workspaceState));
      const { store } = testStore(client, { keepWorkspace: true });
      await vi.runAllTimersAsync();
      store.getState().openRequestTab(savedGetUser, { origin });
      await vi.runAllTimersAsync();
      await store.getState().selectMethod(getUser);
      store
        .getState()
        .updateMetadataRow(store.getState().requestUi.metadataRows[0]!.id, { key: 'Bad Key', value: 'v' });
      store.getState().setRequestText('{"id":"typed"}');
      const savesBefore = client.paramsOf('saveWorkspace').length;
      await vi.advanceTimersByTimeAsync(200);
      store.getState().updateSchemaSource({ importPaths: 'protos' });
      await vi.advanceTimersByTimeAsync(200);
      expect(client.paramsOf('saveWorkspace')).toHaveLength(savesBefore);
      await vi.advanceTimersByTimeAsync(150);
      expect(client.paramsOf('saveWorkspace')).toHaveLength(savesBefore + 1);
      const saved = workspaceState.workspace as Workspace;
      expect(saved.tabs).toHaveLength(2);
      expect(saved.activeTabId).toBe(store.getState().activeTabId);
      const before = store.getState();

      const restored = testStore(client, { keepWorkspace: true }).store;
      await vi.runAllTimersAsync();
      const after = restored.getState();
      expect(after.tabs).toEqual(before.tabs);
      expect(after.activeTabId).toBe(before.activeTabId);
      expect(after.draft).toEqual(before.draft);
      expect(after.requestUi.metadataRows.map(({ key, value }) => ({ key, value }))).toEqual(
        before.requestUi.metadataRows.map(({ key, value }) => ({ key, value })),
      );
      expect(after.schemaSourceForm).toEqual(before.schemaSourceForm);
      // It was connected: it connects again.
      expect(after.schema.status).toBe('loaded');
      store.getState().dispose();
      restored.getState().dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('saves the workspace while a call in a background tab streams on (its events cannot put the save off)', async () => {
    vi.useFakeTimers();
    try {
      const client = new FakeWorkbenchClient();
      const { store, frames } = await connectedStore(client, { keepWorkspace: true });
      await vi.runAllTimersAsync();
      await store.getState().selectMethod(listUsers);
      await store.getState().send();
      store.getState().newTab();
      store.getState().setDeadlineText('4s');
      const saves = client.paramsOf('saveWorkspace').length;
      for (let index = 0; index < 20; index++) {
        client.emit({
          type: 'call-messages',
          callId: 'call-1',
          messages: [{ index, json: {}, sizeBytes: 2, receivedMs: index }],
        });
        frames.runFrame();
        await vi.advanceTimersByTimeAsync(100);
      }
      expect(client.paramsOf('saveWorkspace').length).toBeGreaterThan(saves);
      store.getState().dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a tab typed into before the host answered with the kept workspace', async () => {
    const client = new FakeWorkbenchClient();
    let answer: (() => void) | undefined;
    const kept: Workspace = {
      version: 1,
      tabs: [{ id: 'kept-1', draft: { ...savedGetUser, name: 'Kept' } }],
      activeTabId: 'kept-1',
      collections: [],
    };
    client.handlers.loadWorkspace = () => new Promise((resolve) => (answer = () => resolve({ workspace: kept })));
    const { store } = testStore(client, { keepWorkspace: true, workspaceSaveDelayMs: 60_000 });
    store.getState().setDeadlineText('7s');
    await settle();
    answer!();
    await settle();
    expect(store.getState().tabs.map((tab) => tab.title)).toEqual(['Kept', 'Untitled request']);
    expect(store.getState().activeTabId).toBe('kept-1');
    store.getState().cycleTab(1);
    expect(store.getState().draft.deadline).toBe('7s');
    store.getState().newTab();
    expect(new Set(store.getState().tabs.map((tab) => tab.id)).size).toBe(3);
    store.getState().dispose();
  });

  it('saves at once when asked to flush, and says so when the saved tabs could not be read', async () => {
    const client = new FakeWorkbenchClient();
    client.handlers.loadWorkspace = async () => ({ problem: { message: 'Unexpected token', backupPath: '/d/ws.bad' } });
    const { store } = testStore(client, { keepWorkspace: true, workspaceSaveDelayMs: 60_000 });
    await settle();
    expect(store.getState().workspaceNotice).toBe(
      'The saved tabs could not be read: Unexpected token. It was kept as /d/ws.bad.',
    );
    store.getState().setDeadlineText('1s');
    await store.getState().flushWorkspace();
    expect(client.paramsOf('saveWorkspace')).toHaveLength(1);
    store.getState().dispose();
  });

  it('saves nothing when the host could not load the workspace', async () => {
    const client = new FakeWorkbenchClient();
    client.handlers.loadWorkspace = async () => {
      throw new WorkbenchError('internal', 'No workspace here.');
    };
    const { store } = testStore(client, { keepWorkspace: true, workspaceSaveDelayMs: 0 });
    await settle();
    store.getState().setDeadlineText('1s');
    await settle();
    await store.getState().flushWorkspace();
    expect(client.paramsOf('saveWorkspace')).toHaveLength(0);
    expect(store.getState().workspaceNotice).toMatch(/not kept: No workspace here/);
  });
});

describe('a kept tab and its method’s description', () => {
  const keptDescription = describeFakeMethod(getUser.path);
  const keptWorkspace = (described: unknown = keptDescription): Workspace => ({
    version: 1,
    tabs: [
      {
        id: 'kept-1',
        draft: { ...savedGetUser, message: '{"id":"kept"}' },
        view: { connected: true, described },
      },
    ],
    activeTabId: 'kept-1',
    collections: [],
  });
  /** A client whose schema load waits for the test: `finishLoad` answers it with these services. */
  function clientWithSlowSchema(workspace: Workspace) {
    const client = new FakeWorkbenchClient();
    Object.assign(client.handlers, fakeWorkspaceHandlers({ workspace, history: [] }));
    let finish: ((services: typeof fakeServices) => void) | undefined;
    client.handlers.loadSchema = ({ schemaId }) =>
      new Promise((resolve) => {
        finish = (services) => resolve({ schemaId: schemaId!, services, fileCount: 1, problems: [] });
      });
    const finishLoad = async (services = fakeServices) => {
      await vi.waitFor(() => expect(finish).toBeDefined());
      finish!(services);
      await settle();
    };
    return { client, finishLoad };
  }

  it('comes back usable at once: Send names the schema still loading, and the live description replaces the kept one', async () => {
    const { client, finishLoad } = clientWithSlowSchema(keptWorkspace());
    const live = { ...keptDescription, exampleJson: { id: 'u1', name: 'Ada' } };
    client.handlers.describeMethod = async () => live;
    const { store } = testStore(client, { keepWorkspace: true, workspaceSaveDelayMs: 60_000 });
    await vi.waitFor(() => expect(store.getState().schema.status).toBe('loading'));
    const state = store.getState();
    expect(selectSelectedMethod(state)).toEqual(getUser);
    expect(state.description).toEqual({ status: 'loaded', value: keptDescription });
    const [load] = client.paramsOf('loadSchema');
    expect(selectCallSession(state)?.schemaId).toBe(load!.schemaId);

    // Send before the schema is back: the call goes out on the loading schema (the host waits for it).
    await store.getState().send();
    expect(client.paramsOf('startCall')).toEqual([
      expect.objectContaining({ schemaId: load!.schemaId, method: getUser.path, messages: ['{"id":"kept"}'] }),
    ]);
    expect(store.getState().call?.callId).toBe('call-1');
    expect(store.getState().callError).toBeUndefined();

    await finishLoad();
    await vi.waitFor(() => expect(store.getState().description).toEqual({ status: 'loaded', value: live }));
    const after = store.getState();
    expect(after.schema.status).toBe('loaded');
    expect(after.loadingSchemaId).toBeUndefined();
    expect(client.paramsOf('describeMethod')).toEqual([{ schemaId: load!.schemaId, method: getUser.path }]);
    // The call sent meanwhile is still the tab's.
    expect(after.call?.callId).toBe('call-1');
    expect(after.descriptionNotice).toMatch(/changed since this tab was kept: its messages/);
    store.getState().dispose();
  });

  it('puts the kept tab back from the page’s start state in the store’s first microtask, asking the host nothing', async () => {
    const { client } = clientWithSlowSchema(keptWorkspace());
    const hostInfo = { version: 'test', host: 'browser' as const };
    const { store } = testStore(client, {
      keepWorkspace: true,
      workspaceSaveDelayMs: 60_000,
      startState: { hostInfo, workspace: { workspace: keptWorkspace() } },
    });
    expect(store.getState().hostInfo).toEqual(hostInfo);
    await Promise.resolve();
    // The first render (main.tsx mounts after its chunk loads, never within a microtask) shows the tab and Send.
    expect(store.getState().activeTabId).toBe('kept-1');
    expect(selectSelectedMethod(store.getState())).toEqual(getUser);
    expect(client.paramsOf('loadWorkspace')).toEqual([]);
    expect(client.paramsOf('hostInfo')).toEqual([]);
    // Kept as it changes, as after a restore the host answered.
    store.getState().setRequestText('{"id":"typed"}');
    await store.getState().flushWorkspace();
    expect(client.paramsOf('saveWorkspace').at(-1)?.workspace.tabs[0]?.draft.message).toBe('{"id":"typed"}');
    store.getState().dispose();
  });

  it('says so when the server no longer has the kept tab’s method', async () => {
    const { client, finishLoad } = clientWithSlowSchema(keptWorkspace());
    const { store } = testStore(client, { keepWorkspace: true, workspaceSaveDelayMs: 60_000 });
    await vi.waitFor(() => expect(selectSelectedMethod(store.getState())).toEqual(getUser));
    await finishLoad(fakeServices.filter((service) => service.name !== 'user.v1.UserService'));
    const state = store.getState();
    expect(selectSelectedMethod(state)).toBeUndefined();
    expect(state.description).toMatchObject({
      status: 'error',
      error: { kind: 'unknown_method', subject: getUser.path },
    });
    expect(state.description.status === 'error' && state.description.error.message).toBe(
      "localhost:50051 no longer has user.v1.UserService/GetUser: the server's schema, loaded again for this kept tab, has no such method.",
    );
    expect(client.paramsOf('describeMethod')).toEqual([]);
    store.getState().dispose();
  });

  it('drops a kept description of another method, and one of a tab that was not connected', async () => {
    const { client } = clientWithSlowSchema(keptWorkspace(describeFakeMethod(listUsers.path)));
    const { store } = testStore(client, { keepWorkspace: true, workspaceSaveDelayMs: 60_000 });
    await vi.waitFor(() => expect(store.getState().schema.status).toBe('loading'));
    expect(selectSelectedMethod(store.getState())).toBeUndefined();
    expect(store.getState().description.status).toBe('idle');
    store.getState().dispose();

    const notConnected = keptWorkspace();
    notConnected.tabs[0]!.view = { described: keptDescription };
    const idle = testStore(clientWithSlowSchema(notConnected).client, { keepWorkspace: true }).store;
    await vi.waitFor(() => expect(idle.getState().activeTabId).toBe('kept-1'));
    expect(idle.getState().schema.status).toBe('idle');
    expect(idle.getState().description.status).toBe('idle');
    idle.getState().dispose();
  });

  it('keeps the description of the tab’s method in the workspace, and the live one once it replaced the kept', async () => {
    const workspaceState: FakeWorkspaceState = { history: [] };
    const client = new FakeWorkbenchClient();
    Object.assign(client.handlers, fakeWorkspaceHandlers(workspaceState));
    const { store } = testStore(client, { keepWorkspace: true, workspaceSaveDelayMs: 0 });
    await settle();
    await store.getState().connect();
    await store.getState().selectMethod(getUser);
    await store.getState().flushWorkspace();
    await vi.waitFor(() => expect(workspaceState.workspace?.tabs[0]?.view?.described).toEqual(keptDescription));
    store.getState().dispose();
  });
});
