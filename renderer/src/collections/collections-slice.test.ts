import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../shared/api';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { fakeCollectionTree } from '../testing/fake-collections';
import { testStore } from '../testing/test-store';
import { selectCollectionOf } from './collections-slice';

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
