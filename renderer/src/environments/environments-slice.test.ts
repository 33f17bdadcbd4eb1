import { describe, expect, it } from 'vitest';
import type { GrpcRequest } from '../../../shared/collections/request';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { labLikeTree } from '../testing/lab-like-collection';
import { methodNamed, testStore } from '../testing/test-store';

const saved: GrpcRequest = {
  kind: 'grpc-request',
  name: 'Get a user',
  method: 'user.v1.UserService/GetUser',
  message: '{"id":"{{userId}}"}',
};

function labClient(source: 'store' | 'missing' = 'store') {
  return new FakeWorkbenchClient({
    openCollection: async () => labLikeTree,
    secretStatus: async () => ({
      secrets: [{ name: 'apiKey', source, environmentVariable: 'WORKBENCH_SECRET_APIKEY' }],
    }),
  });
}

/** A store with the lab-like collection open and its request in the active tab, environment chosen. */
async function collectionTab(environment: string, client = labClient()) {
  const made = testStore(client);
  const { store } = made;
  await store.getState().openCollection(labLikeTree.root, environment);
  await store.getState().loadSecretStatus(labLikeTree.root);
  store.getState().openRequestTab(saved, {
    origin: { root: labLikeTree.root, path: 'users/get-user.grpc.yaml', saved },
  });
  return made;
}

describe('environments slice: sending with variables', () => {
  it('connects and sends with plain variables resolved, secrets left for the host of the collection', async () => {
    const { store, client } = await collectionTab('local');
    await store.getState().connect();
    const [load] = client.paramsOf('loadSchema');
    expect(load?.sources[0]).toMatchObject({
      kind: 'reflection',
      connection: { target: '127.0.0.1:50051' },
      metadata: expect.arrayContaining([{ key: 'x-api-key', value: '{{secret.apiKey}}' }]),
      collection: { root: labLikeTree.root },
    });
    store.getState().switchMethod(methodNamed('GetUser'));
    store.getState().setRequestText('{"id":"{{userId}}"}');
    await store.getState().send();

    expect(store.getState().callError).toBeUndefined();
    const [call] = client.paramsOf('startCall');
    expect(call).toMatchObject({
      connection: { target: '127.0.0.1:50051' },
      metadata: [
        { key: 'x-api-key', value: '{{secret.apiKey}}' },
        { key: 'x-team', value: 'users-eu' },
      ],
      deadlineMs: 5000,
      messages: ['{"id":"u42"}'],
      collection: { root: labLikeTree.root, path: 'users/get-user.grpc.yaml' },
    });
  });

  it('refuses to send unresolved variables, naming them', async () => {
    const { store, client } = await collectionTab('local');
    await store.getState().connect();
    store.getState().switchMethod(methodNamed('GetUser'));
    store.getState().setRequestText('{"id":"{{nobody}}"}');
    await store.getState().send();
    expect(store.getState().callError).toMatchObject({
      kind: 'bad_input',
      message: 'Not sent: unresolved variable {{nobody}} (in Request message).',
    });
    expect(client.paramsOf('startCall')).toEqual([]);
  });

  it('refuses Connect when the environment lacks the target variable, and a secret the host has not', async () => {
    const { store, client } = await collectionTab('empty');
    await store.getState().connect();
    expect(store.getState().schema).toMatchObject({
      status: 'error',
      error: { message: expect.stringContaining('{{target}}') },
    });
    expect(client.paramsOf('loadSchema')).toEqual([]);

    const missing = await collectionTab('local', labClient('missing'));
    await missing.store.getState().connect();
    expect(missing.store.getState().schema).toMatchObject({
      status: 'error',
      error: { hint: expect.stringContaining('Set secret "apiKey" in Variables') },
    });
  });

  it('sets and deletes secrets in the host store and saves an environment file, re-reading status and tree', async () => {
    const { store, client } = await collectionTab('local');
    expect(await store.getState().saveSecret(labLikeTree.root, 'apiKey', 'v4lue')).toBe(true);
    expect(client.paramsOf('setSecret')).toEqual([{ root: labLikeTree.root, name: 'apiKey', value: 'v4lue' }]);
    expect(await store.getState().removeSecret(labLikeTree.root, 'apiKey')).toBe(true);
    expect(client.paramsOf('deleteSecret')).toEqual([{ root: labLikeTree.root, name: 'apiKey' }]);
    expect(client.paramsOf('secretStatus').length).toBe(3);

    const environment = { kind: 'environment' as const, name: 'local', vars: { target: '127.0.0.2:50062' } };
    expect(await store.getState().saveEnvironment(labLikeTree.root, 'local', environment)).toBe(true);
    expect(client.paramsOf('writeCollectionEntry')).toEqual([
      { root: labLikeTree.root, path: 'environments/local.yaml', model: environment },
    ]);
    expect(client.paramsOf('openCollection').length).toBe(2);
  });

  it('keeps a failed save’s error for the view', async () => {
    const client = labClient();
    client.handlers.setSecret = async () => {
      throw Object.assign(new Error('This host has no secret store.'), { kind: 'io' });
    };
    const { store } = await collectionTab('local', client);
    expect(await store.getState().saveSecret(labLikeTree.root, 'apiKey', 'x')).toBe(false);
    expect(store.getState().environmentsError).toMatchObject({ kind: 'io', message: 'This host has no secret store.' });
  });
});
