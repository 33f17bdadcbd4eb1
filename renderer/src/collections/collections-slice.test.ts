import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CollectionTree } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { fakeCollectionTree, labMemoryCollection, savedRequest } from '../testing/fake-collections';
import { testStore } from '../testing/test-store';
import { REFRESH_DEBOUNCE_MS, selectCollectionOf, UNDO_MS } from './collections-slice';
import { childrenOf, findNode } from './tree-edits';
import { selectActiveTab } from '../workspace/tabs-slice';

describe('collections slice', () => {
  it('opens a path inside a collection as the collection folder the host found, once', async () => {
    const { store } = testStore();
    await store.getState().openCollection('/work/users-api/users');
    await store.getState().openCollection('/work/users-api/users');
    const { openCollections } = store.getState();
    expect(openCollections.map((open) => open.root)).toEqual([fakeCollectionTree.root]);
    expect(openCollections[0]?.tree).toEqual({ status: 'loaded', value: fakeCollectionTree });
  });

  it('keeps a collection that cannot be opened in the list, with the host’s error', async () => {
    const client = new FakeWorkbenchClient({
      openCollection: async () => {
        throw new WorkbenchError('not_found', 'No workbench.yaml in /nowhere or above it.');
      },
    });
    const { store } = testStore(client);
    await store.getState().openCollection('/nowhere');
    expect(store.getState().openCollections[0]?.tree).toMatchObject({
      status: 'error',
      error: { kind: 'not_found', message: 'No workbench.yaml in /nowhere or above it.' },
    });
  });

  it('restores collections with their environments, and chooses or clears one', async () => {
    const { store } = testStore();
    await store.getState().restoreCollections([{ root: fakeCollectionTree.root, environment: 'dev' }]);
    expect(selectCollectionOf(fakeCollectionTree.root)(store.getState())?.environment).toBe('dev');
    store.getState().chooseEnvironment(fakeCollectionTree.root, undefined);
    expect(selectCollectionOf(fakeCollectionTree.root)(store.getState())).not.toHaveProperty('environment');
    store.getState().closeCollection(fakeCollectionTree.root);
    expect(store.getState().openCollections).toEqual([]);
  });
});

async function openLab(collection = labMemoryCollection()) {
  const client = new FakeWorkbenchClient(collection.handlers);
  const made = testStore(client);
  await made.store.getState().openCollection(collection.root);
  const tree = () => {
    const open = made.store.getState().openCollections[0];
    if (open?.tree.status !== 'loaded') throw new Error('the collection is not loaded');
    return open.tree.value;
  };
  const ids = (folder: string) => childrenOf(tree(), folder).map((node) => node.id);
  return { ...made, collection, tree, ids };
}

describe('collections slice: the tree and its edits', () => {
  afterEach(() => vi.useRealTimers());

  it('shows the tree in manifest order, with a file that does not parse as a problem', async () => {
    const { tree, ids } = await openLab();
    expect(ids('')).toEqual(['users', 'health']);
    expect(ids('users')).toEqual(['list-users', 'get-user', 'broken']);
    expect(findNode(tree().children, 'users/broken.grpc.yaml')).toMatchObject({
      problem: { line: 3, message: 'unknown field "mesage"' },
    });
  });

  it('watches an open collection, reads it again once after a burst of changes, and unwatches on close', async () => {
    const { store, client, collection } = await openLab();
    expect(client.paramsOf('watchCollection')).toEqual([{ watchId: 'watch-1', root: collection.root }]);
    expect(store.getState().openCollections[0]?.watchId).toBe('watch-1');
    vi.useFakeTimers();
    collection.files.set('added.grpc.yaml', savedRequest('Added'));
    const change = { type: 'added', path: 'added.grpc.yaml', directory: false } as const;
    client.emit({ type: 'collection-changed', watchId: 'watch-1', changes: [change] });
    client.emit({ type: 'collection-changed', watchId: 'watch-1', changes: [change] });
    const opensBefore = client.paramsOf('openCollection').length;
    await vi.advanceTimersByTimeAsync(REFRESH_DEBOUNCE_MS);
    expect(client.paramsOf('openCollection')).toHaveLength(opensBefore + 1);
    expect(childrenOf(selectTree(store.getState()), '').map((node) => node.id)).toContain('added');
    store.getState().closeCollection(collection.root);
    expect(client.paramsOf('unwatchCollection')).toEqual([{ watchId: 'watch-1' }]);
  });

  it('disposing the store unwatches every collection', async () => {
    const { store, client } = await openLab();
    store.getState().dispose();
    expect(client.paramsOf('unwatchCollection')).toEqual([{ watchId: 'watch-1' }]);
  });

  it('opens a request in a tab that knows its file', async () => {
    const { store, tree, collection } = await openLab();
    const node = findNode(tree().children, 'users/get-user.grpc.yaml');
    if (node?.type !== 'request') throw new Error('no request');
    store.getState().openCollectionRequest(collection.root, node);
    expect(selectActiveTab(store.getState())).toMatchObject({
      title: 'Get a user',
      origin: { root: collection.root, path: 'users/get-user.grpc.yaml', saved: savedRequest('Get a user') },
    });
    expect(store.getState().draft.method).toBe('user.v1.UserService/GetUser');
  });

  it('creates a request with a file id from its name (unique in the folder) and opens it', async () => {
    const { store, client, collection, ids } = await openLab();
    const path = await store
      .getState()
      .createTreeRequest(collection.root, 'users', { name: 'Get user', method: 'user.v1.UserService/GetUser' });
    const second = await store
      .getState()
      .createTreeRequest(collection.root, 'users', { name: 'Get user', method: 'user.v1.UserService/GetUser' });
    expect([path, second]).toEqual(['users/get-user-2.grpc.yaml', 'users/get-user-3.grpc.yaml']);
    expect(client.paramsOf('createCollectionEntry')[0]).toEqual({
      root: collection.root,
      folder: 'users',
      name: 'get-user-2',
      entry: { type: 'request', request: savedRequest('Get user') },
    });
    expect(ids('users')).toContain('get-user-3');
    expect(selectActiveTab(store.getState())?.origin?.path).toBe('users/get-user-3.grpc.yaml');
  });

  it('refuses a new request without a method, naming what is missing', async () => {
    const { store, client, collection } = await openLab();
    expect(await store.getState().createTreeRequest(collection.root, '', { name: 'x', method: ' ' })).toBeUndefined();
    expect(client.paramsOf('createCollectionEntry')).toEqual([]);
    expect(store.getState().collectionsError?.message).toMatch(/needs a name and a method/);
  });

  it('renames a request: its file id follows the name, the parent’s order follows the file', async () => {
    const { store, client, collection, ids, tree } = await openLab();
    const path = await store.getState().renameTreeEntry(collection.root, 'users/get-user.grpc.yaml', 'Fetch a user');
    expect(path).toBe('users/fetch-a-user.grpc.yaml');
    expect(client.paramsOf('renameCollectionEntry')).toEqual([
      { root: collection.root, path: 'users/get-user.grpc.yaml', newName: 'fetch-a-user' },
    ]);
    expect(client.paramsOf('writeCollectionEntry')).toEqual([
      { root: collection.root, path: 'users/fetch-a-user.grpc.yaml', model: savedRequest('Fetch a user') },
    ]);
    expect(ids('users')).toEqual(['list-users', 'fetch-a-user', 'broken']);
    expect(findNode(tree().children, 'users/fetch-a-user.grpc.yaml')?.name).toBe('Fetch a user');
  });

  it('an open tab follows its file when the file or its folder is renamed or moved', async () => {
    const { store, tree, collection } = await openLab();
    const node = findNode(tree().children, 'users/get-user.grpc.yaml');
    if (node?.type !== 'request') throw new Error('no request');
    store.getState().openCollectionRequest(collection.root, node);
    const tabPath = () => selectActiveTab(store.getState())?.origin?.path;
    await store.getState().renameTreeEntry(collection.root, 'users/get-user.grpc.yaml', 'Fetch a user');
    expect(tabPath()).toBe('users/fetch-a-user.grpc.yaml');
    await store.getState().renameTreeEntry(collection.root, 'users', 'people');
    expect(tabPath()).toBe('people/fetch-a-user.grpc.yaml');
    await store.getState().moveTreeEntry(collection.root, 'people/fetch-a-user.grpc.yaml', '');
    expect(tabPath()).toBe('fetch-a-user.grpc.yaml');
  });

  it('renames a folder to the name typed, and its display name in _folder.yaml', async () => {
    const { store, client, collection, ids } = await openLab();
    expect(await store.getState().renameTreeEntry(collection.root, 'users', 'people')).toBe('people');
    expect(client.paramsOf('writeCollectionEntry')).toEqual([
      {
        root: collection.root,
        path: 'people/_folder.yaml',
        model: { kind: 'folder', name: 'people', order: ['list-users', 'get-user'] },
      },
    ]);
    expect(ids('')).toEqual(['people', 'health']);
  });

  it('duplicates a request as "<name> copy" from the file as read', async () => {
    const { store, client, collection, tree } = await openLab();
    const copy = await store.getState().duplicateTreeEntry(collection.root, 'health.grpc.yaml');
    expect(copy).toBe('health-copy.grpc.yaml');
    expect(client.paramsOf('readCollectionEntry')).toEqual([{ root: collection.root, path: 'health.grpc.yaml' }]);
    expect(findNode(tree().children, copy!)?.name).toBe('Health copy');
  });

  it('reorders within a folder by writing the parent’s order with its parsed model', async () => {
    const { store, client, collection, ids } = await openLab();
    expect(await store.getState().reorderTreeEntry(collection.root, 'users/get-user.grpc.yaml', 0)).toBe(true);
    expect(client.paramsOf('writeCollectionEntry')).toEqual([
      {
        root: collection.root,
        path: 'users/_folder.yaml',
        model: { kind: 'folder', name: 'Users', order: ['get-user', 'list-users', 'broken'] },
      },
    ]);
    expect(ids('users')).toEqual(['get-user', 'list-users', 'broken']);
    await store.getState().reorderTreeEntry(collection.root, 'health.grpc.yaml', 0);
    expect(client.paramsOf('writeCollectionEntry')[1]).toEqual({
      root: collection.root,
      path: 'workbench.yaml',
      model: { kind: 'collection', version: 1, name: 'Lab', order: ['health', 'users'] },
    });
  });

  it('a folder without _folder.yaml gets one holding only the order', async () => {
    const collection = labMemoryCollection();
    collection.files.set('misc/a.grpc.yaml', savedRequest('A'));
    collection.files.set('misc/b.grpc.yaml', savedRequest('B'));
    const { store, client, ids } = await openLab(collection);
    await store.getState().reorderTreeEntry(collection.root, 'misc/b.grpc.yaml', 0);
    expect(client.paramsOf('writeCollectionEntry')).toEqual([
      { root: collection.root, path: 'misc/_folder.yaml', model: { kind: 'folder', order: ['b', 'a'] } },
    ]);
    expect(ids('misc')).toEqual(['b', 'a']);
  });

  it('moves onto a folder, and refuses to move a folder into itself', async () => {
    const { store, client, collection, ids } = await openLab();
    expect(await store.getState().moveTreeEntry(collection.root, 'health.grpc.yaml', 'users')).toBe(
      'users/health.grpc.yaml',
    );
    expect(ids('users')).toContain('health');
    expect(await store.getState().moveTreeEntry(collection.root, 'users', 'users')).toBeUndefined();
    expect(store.getState().collectionsError?.message).toBe('users cannot be moved into itself.');
    expect(client.paramsOf('moveCollectionEntry')).toHaveLength(1);
  });

  it('deletes with undo: the file comes back with its exact model and its place in the order', async () => {
    const { store, client, collection, ids } = await openLab();
    const before = structuredClone(collection.files.get('users/list-users.grpc.yaml'));
    expect(await store.getState().deleteTreeEntry(collection.root, 'users/list-users.grpc.yaml')).toBe(true);
    expect(client.paramsOf('deleteCollectionEntry')).toEqual([
      { root: collection.root, path: 'users/list-users.grpc.yaml' },
    ]);
    expect(ids('users')).toEqual(['get-user', 'broken']);
    expect(store.getState().collectionNotice).toEqual({ message: 'Deleted “List users”', undoable: true });
    expect(await store.getState().undoTreeDelete()).toBe(true);
    expect(collection.files.get('users/list-users.grpc.yaml')).toEqual(before);
    expect(collection.files.get('users/_folder.yaml')).toMatchObject({ order: ['list-users', 'get-user'] });
    expect(ids('users')).toEqual(['list-users', 'get-user', 'broken']);
    expect(store.getState().collectionNotice).toBeUndefined();
  });

  it('undoes a folder delete with everything in it, and the toast goes after 10 s', async () => {
    const collection = labMemoryCollection();
    collection.files.delete('users/broken.grpc.yaml');
    const { store, collection: lab, ids } = await openLab(collection);
    const before = new Map(lab.files);
    await store.getState().deleteTreeEntry(lab.root, 'users');
    expect(store.getState().collectionNotice?.message).toBe('Deleted folder “Users” (2 requests)');
    expect(ids('')).toEqual(['health']);
    await store.getState().undoTreeDelete();
    expect(lab.files).toEqual(before);
    expect(ids('')).toEqual(['users', 'health']);

    vi.useFakeTimers();
    await store.getState().deleteTreeEntry(lab.root, 'health.grpc.yaml');
    await vi.advanceTimersByTimeAsync(UNDO_MS);
    expect(store.getState().collectionNotice).toBeUndefined();
    expect(await store.getState().undoTreeDelete()).toBe(false);
  });

  it('says when a delete cannot be undone (a file that does not parse)', async () => {
    const { store, collection } = await openLab();
    await store.getState().deleteTreeEntry(collection.root, 'users/broken.grpc.yaml');
    expect(store.getState().collectionNotice).toEqual({
      message: 'Deleted “broken”; it cannot be undone (users/broken.grpc.yaml does not parse)',
      undoable: false,
    });
  });

  it('a failed edit shows the host’s error and leaves the tree as the host has it', async () => {
    const collection = labMemoryCollection();
    const client = new FakeWorkbenchClient({
      ...collection.handlers,
      renameCollectionEntry: async () => {
        throw new WorkbenchError('bad_input', 'users/health.grpc.yaml already exists.', {
          hint: 'Choose another name.',
        });
      },
    });
    const { store } = testStore(client);
    await store.getState().openCollection(collection.root);
    await store.getState().renameTreeEntry(collection.root, 'health.grpc.yaml', 'Other');
    expect(store.getState().collectionsError).toMatchObject({ kind: 'bad_input', hint: 'Choose another name.' });
    store.getState().dismissCollectionsError();
    expect(store.getState().collectionsError).toBeUndefined();
  });

  it('browses folders from home with the recent collections', async () => {
    const client = new FakeWorkbenchClient({
      recentCollections: async () => ({
        collections: [{ root: '/work/lab', name: 'Lab', openedAt: '2026-01-01T00:00:00.000Z' }],
      }),
    });
    const { store } = testStore(client);
    await store.getState().browseFolder();
    await store.getState().browseFolder('/home/user/src');
    expect(client.paramsOf('listDirectory')).toEqual([{}, { path: '/home/user/src' }]);
    expect(store.getState().folderBrowser).toMatchObject({
      listing: { status: 'loaded', value: { path: '/home/user/src' } },
      recent: [{ root: '/work/lab' }],
    });
  });
});

function selectTree(state: { openCollections: readonly { tree: { status: string; value?: CollectionTree } }[] }) {
  const value = state.openCollections[0]?.tree.value;
  if (value === undefined) throw new Error('not loaded');
  return value;
}
