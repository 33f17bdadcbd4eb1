import { describe, expect, it } from 'vitest';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { channelSnapshot } from '../testing/lens-fixtures';
import { connectedStore, testStore } from '../testing/test-store';
import { selectCallSession } from './connection-slice';
import { selectChannel } from './channels-slice';

describe('connection slice', () => {
  it('connects by reflection, watches the channel and follows its state', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client);
    expect(client.paramsOf('loadSchema')).toEqual([
      {
        sources: [
          {
            kind: 'reflection',
            connection: { target: 'localhost:50051', tls: { mode: 'plaintext' }, authority: undefined },
            metadata: [],
          },
        ],
        schemaId: 'schema-1',
      },
    ]);
    const state = store.getState();
    expect(state.schema.status).toBe('loaded');
    const badgeChannel = () => selectChannel(store.getState().connection)(store.getState());
    expect(badgeChannel()).toMatchObject({ watchId: 'watch-1', snapshot: { state: 'IDLE' } });
    client.emit({
      type: 'channel-state',
      watchId: 'watch-1',
      snapshot: channelSnapshot({ state: 'READY' }),
    });
    client.emit({
      type: 'channel-state',
      watchId: 'someone-else',
      snapshot: channelSnapshot({ state: 'SHUTDOWN' }),
    });
    expect(badgeChannel()?.snapshot?.state).toBe('READY');
  });

  it('connects with the connection settings and reflection headers, and names a bad one by its label', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = testStore(client);
    store.getState().setRequestText('{}');
    store.getState().updateChannel({ maxReceiveSize: '128MiB', keepalive: '30s', userAgent: 'ops/1' });
    store.getState().updateSchemaSource({ reflectionHeaders: 'authorization: Bearer r1\n\nx-tenant: t1' });
    store.getState().addMetadataRow();
    const [row] = store.getState().requestUi.metadataRows;
    store.getState().updateMetadataRow(row!.id, { key: 'authorization', value: 'Bearer call-token' });
    await store.getState().connect();
    expect(client.paramsOf('loadSchema')[0]?.sources).toEqual([
      {
        kind: 'reflection',
        connection: {
          target: 'localhost:50051',
          tls: { mode: 'plaintext' },
          authority: undefined,
          maxReceiveMessageBytes: 128 * 1024 * 1024,
          keepaliveTimeMs: 30_000,
          userAgent: 'ops/1',
        },
        metadata: [
          { key: 'authorization', value: 'Bearer r1' },
          { key: 'x-tenant', value: 't1' },
        ],
      },
    ]);

    store.getState().updateChannel({ keepalive: 'sometimes' });
    await store.getState().connect();
    expect(store.getState().schema).toMatchObject({
      status: 'error',
      error: {
        kind: 'bad_input',
        subject: 'Keepalive',
        message: expect.stringContaining('invalid duration "sometimes"'),
      },
    });
    store.getState().updateChannel({ keepalive: '' });
    store.getState().updateSchemaSource({ reflectionHeaders: 'no colon here' });
    await store.getState().connect();
    expect(store.getState().schema).toMatchObject({
      status: 'error',
      error: { subject: 'Reflection headers', message: expect.stringContaining('"no colon here"') },
    });
    expect(store.getState().draft.channel).toEqual({ maxReceiveSize: '128MiB', userAgent: 'ops/1' });
  });

  it('shows a schema error and a failed channel watch without throwing', async () => {
    const client = new FakeWorkbenchClient({
      loadSchema: () =>
        Promise.reject({ kind: 'schema', message: 'user.proto:3:1: Expected ";"', subject: 'user.proto' }),
      watchChannel: () => Promise.reject(new Error('not implemented')),
    });
    const { store } = await connectedStore(client);
    await Promise.resolve();
    const { schema, connection } = store.getState();
    const channel = selectChannel(connection)(store.getState());
    expect(schema).toEqual({
      status: 'error',
      error: { kind: 'schema', message: 'user.proto:3:1: Expected ";"', subject: 'user.proto' },
    });
    expect(channel?.error?.message).toBe('not implemented');
  });

  it('refuses to connect without a target and says which field', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client, { initialTarget: '' });
    const { schema } = store.getState();
    expect(schema.status === 'error' && schema.error.subject).toBe('Target');
    // Only the store's own hostInfo query went out: no connect attempt.
    expect(client.operations.map((op) => op.name)).toEqual(['hostInfo']);
  });

  it('loads .proto files with import paths and indexes the methods; the call session is the loaded schema', async () => {
    const { client, store } = testStore();
    expect(selectCallSession(store.getState())).toBeUndefined();
    store
      .getState()
      .updateSchemaSource({ schemaSource: 'protoFiles', protoFiles: 'user/v1/user.proto', importPaths: 'protos' });
    await store.getState().connect();
    expect(client.paramsOf('loadSchema')).toEqual([
      {
        sources: [{ kind: 'protoFiles', files: ['user/v1/user.proto'], importPaths: ['protos'] }],
        schemaId: 'schema-1',
      },
    ]);
    expect(store.getState().methodIndex.get('user.v1.UserService/Chat')?.kind).toBe('bidi_streaming');
    expect(selectCallSession(store.getState())).toEqual({
      schemaId: 'schema-1',
      connection: { target: 'localhost:50051', tls: { mode: 'plaintext' }, authority: undefined },
    });
  });

  it('sends the draft’s metadata with reflection and says which schema source field is missing', async () => {
    const { client, store } = testStore();
    store.getState().updateMetadataRow(0, { key: 'authorization', value: 'Bearer t' });
    await store.getState().connect();
    expect(client.paramsOf('loadSchema')[0]).toMatchObject({
      sources: [{ kind: 'reflection', metadata: [{ key: 'authorization', value: 'Bearer t' }] }],
    });
    store.getState().updateSchemaSource({ schemaSource: 'protoset' });
    await store.getState().connect();
    const { schema } = store.getState();
    expect(schema.status === 'error' && schema.error.subject).toBe('Protoset files');
  });

  it('watches the connected channel once, moving the watch on reconnect', async () => {
    const { client, store } = await connectedStore();
    store.getState().setTarget('localhost:50052');
    await store.getState().connect();
    expect(client.paramsOf('watchChannel').map((params) => params.connection.target)).toEqual([
      'localhost:50051',
      'localhost:50052',
    ]);
    expect(client.paramsOf('unwatchChannel')).toEqual([{ watchId: 'watch-1' }]);
  });
});
