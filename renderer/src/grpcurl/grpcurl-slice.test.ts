import { describe, expect, it } from 'vitest';
import type { GrpcRequest } from '../../../shared/collections/request';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { labLikeTree } from '../testing/lab-like-collection';
import { testStore } from '../testing/test-store';

const saved: GrpcRequest = { kind: 'grpc-request', name: 'Get a user', method: 'user.v1.UserService/GetUser' };

describe('grpcurl slice', () => {
  it('asks the host to export a saved tab’s file with the chosen environment', async () => {
    const client = new FakeWorkbenchClient({ openCollection: async () => labLikeTree });
    const { store } = testStore(client);
    await store.getState().openCollection(labLikeTree.root, 'local');
    store
      .getState()
      .openRequestTab(saved, { origin: { root: labLikeTree.root, path: 'users/get-user.grpc.yaml', saved } });
    expect(await store.getState().grpcurlCommand()).toEqual({
      ok: true,
      value: 'grpcurl -plaintext 127.0.0.1:50051 list',
    });
    expect(client.paramsOf('exportGrpcurl')).toEqual([
      { file: `${labLikeTree.root}/users/get-user.grpc.yaml`, cwd: labLikeTree.root, env: 'local' },
    ]);
  });

  it('builds an unsaved draft’s command in the page', async () => {
    const { store, client } = testStore();
    store.getState().openRequestTab({ ...saved, target: '127.0.0.1:50051', message: '{}' });
    expect(await store.getState().grpcurlCommand()).toEqual({
      ok: true,
      value: "grpcurl -plaintext -d '{}' 127.0.0.1:50051 user.v1.UserService/GetUser\n",
    });
    expect(client.paramsOf('exportGrpcurl')).toEqual([]);
  });

  it('opens a pasted command in a tab, and names a command the host cannot read', async () => {
    const { store, client } = testStore();
    expect(await store.getState().pasteGrpcurl("grpcurl -plaintext -d '{}' h:1 user.v1.UserService/GetUser")).toEqual({
      ok: true,
      value: store.getState().activeTabId,
    });
    expect(store.getState().draft).toMatchObject({ name: 'Imported', method: 'user.v1.UserService/GetUser' });
    expect(client.paramsOf('importGrpcurl')[0]).toMatchObject({ secretNames: [] });

    client.handlers.importGrpcurl = async () => {
      throw Object.assign(new Error('grpcurl: the method is missing'), { kind: 'bad_input' });
    };
    expect(await store.getState().pasteGrpcurl('grpcurl -plaintext h:1')).toMatchObject({
      ok: false,
      error: { kind: 'bad_input', message: 'grpcurl: the method is missing' },
    });
    expect(await store.getState().pasteGrpcurl('  ')).toMatchObject({ ok: false });
  });
});
