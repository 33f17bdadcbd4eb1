import { describe, expect, it, vi } from 'vitest';
import type { MethodSummary, ReceivedMessage } from '../../../shared/api';
import { FakeWorkbenchClient, fakeServices } from '../testing/fakeClient';
import type { FrameScheduler } from './frameBatcher';
import { createWorkbenchStore, type WorkbenchStoreOptions } from './workbenchStore';

function manualFrames(): { schedule: FrameScheduler; runFrame: () => void } {
  let callbacks: (() => void)[] = [];
  return {
    schedule: (callback) => {
      callbacks.push(callback);
      return () => {
        callbacks = callbacks.filter((c) => c !== callback);
      };
    },
    runFrame: () => {
      const due = callbacks;
      callbacks = [];
      for (const callback of due) callback();
    },
  };
}

function methodNamed(name: string): MethodSummary {
  const method = fakeServices.flatMap((service) => service.methods).find((candidate) => candidate.name === name);
  if (!method) throw new Error(`no fake method ${name}`);
  return method;
}

const getUser = methodNamed('GetUser');
const listUsers = methodNamed('ListUsers');
const chat = methodNamed('Chat');

function messages(from: number, count: number): ReceivedMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    index: from + i,
    json: { id: `u${from + i}` },
    sizeBytes: 10,
    receivedMs: i,
  }));
}

async function connectedStore(client: FakeWorkbenchClient, options: Partial<WorkbenchStoreOptions> = {}) {
  const frames = manualFrames();
  const store = createWorkbenchStore(client, {
    initialTarget: 'localhost:50051',
    schedule: frames.schedule,
    ...options,
  });
  await store.getState().connect();
  return { store, frames };
}

describe('workbench store', () => {
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
      },
    ]);
    const state = store.getState();
    expect(state.schema.status).toBe('loaded');
    expect(state.channel).toEqual({ watchId: 'watch-1', state: 'IDLE' });
    client.emit({
      type: 'channel-state',
      watchId: 'watch-1',
      snapshot: {
        target: 'x',
        state: 'READY',
        timeline: [],
        subchannels: [],
        callsStarted: 0,
        callsSucceeded: 0,
        callsFailed: 0,
      },
    });
    client.emit({
      type: 'channel-state',
      watchId: 'someone-else',
      snapshot: {
        target: 'x',
        state: 'SHUTDOWN',
        timeline: [],
        subchannels: [],
        callsStarted: 0,
        callsSucceeded: 0,
        callsFailed: 0,
      },
    });
    expect(store.getState().channel.state).toBe('READY');
  });

  it('shows a schema error and a failed channel watch without throwing', async () => {
    const client = new FakeWorkbenchClient({
      loadSchema: () =>
        Promise.reject({ kind: 'schema', message: 'user.proto:3:1: Expected ";"', subject: 'user.proto' }),
      watchChannel: () => Promise.reject(new Error('not implemented')),
    });
    const { store } = await connectedStore(client);
    await Promise.resolve();
    const { schema, channel } = store.getState();
    expect(schema).toEqual({
      status: 'error',
      error: { kind: 'schema', message: 'user.proto:3:1: Expected ";"', subject: 'user.proto' },
    });
    expect(channel.error?.message).toBe('not implemented');
  });

  it('refuses to connect without a target and says which field', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client, { initialTarget: '' });
    const { schema } = store.getState();
    expect(schema.status === 'error' && schema.error.subject).toBe('Target');
    // Only the store's own hostInfo query went out: no connect attempt.
    expect(client.operations.map((op) => op.name)).toEqual(['hostInfo']);
  });

  it('sends a unary call with metadata and deadline and applies its events once per frame', async () => {
    const client = new FakeWorkbenchClient();
    const { store, frames } = await connectedStore(client);
    await store.getState().selectMethod(getUser);
    const state = store.getState();
    state.setRequestText('{"id":"u7"}');
    state.updateMetadataRow(0, { key: 'authorization', value: 'Bearer t' });
    state.setDeadlineText('2s');
    await store.getState().send();
    expect(client.paramsOf('startCall')[0]).toMatchObject({
      schemaId: 'schema-1',
      method: 'user.v1.UserService/GetUser',
      messages: ['{"id":"u7"}'],
      metadata: [{ key: 'authorization', value: 'Bearer t' }],
      deadlineMs: 2000,
    });
    client.emit(
      { type: 'call-headers', callId: 'call-1', headers: { a: ['1'] }, atMs: 1 },
      { type: 'call-messages', callId: 'call-1', messages: messages(0, 1) },
    );
    expect(store.getState().call?.messages).toHaveLength(0);
    frames.runFrame();
    expect(store.getState().call?.messages).toHaveLength(1);
    expect(store.getState().call?.headers).toEqual({ a: ['1'] });
  });

  it('keeps events that arrive before startCall resolves', async () => {
    const client = new FakeWorkbenchClient();
    client.handlers.startCall = async () => {
      client.emit({
        type: 'call-started',
        callId: 'early',
        method: listUsers.path,
        kind: 'server_streaming',
        startedAt: 0,
      });
      client.emit({ type: 'call-messages', callId: 'early', messages: messages(0, 3) });
      return { callId: 'early' };
    };
    const { store } = await connectedStore(client);
    await store.getState().selectMethod(listUsers);
    await store.getState().send();
    expect(store.getState().call?.callId).toBe('early');
    expect(store.getState().call?.receivedTotal).toBe(3);
  });

  it('bounds the message window of a long stream and counts everything', async () => {
    const client = new FakeWorkbenchClient();
    const { store, frames } = await connectedStore(client, { messageWindow: 1000 });
    await store.getState().selectMethod(listUsers);
    await store.getState().send();
    for (let frame = 0; frame < 20; frame++) {
      for (let batch = 0; batch < 5; batch++)
        client.emit({ type: 'call-messages', callId: 'call-1', messages: messages((frame * 5 + batch) * 100, 100) });
      frames.runFrame();
    }
    const call = store.getState().call!;
    expect(call.receivedTotal).toBe(10_000);
    expect(call.messages).toHaveLength(1000);
    expect(call.messages[0]?.index).toBe(9000);
  });

  it('drives a bidi stream: opens with the editor content, sends more, ends, and reports a send failure without closing', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client);
    await store.getState().selectMethod(chat);
    store.getState().setRequestText('{"text":"hi"}');
    await store.getState().send();
    expect(client.paramsOf('startCall')[0]?.messages).toEqual(['{"text":"hi"}']);
    store.getState().setRequestText('{"text":"again"}');
    // Send again on the open stream sends the next message: no cancel, no second call.
    await store.getState().send();
    expect(client.paramsOf('sendMessage')).toEqual([{ callId: 'call-1', json: '{"text":"again"}' }]);
    expect(client.paramsOf('startCall')).toHaveLength(1);
    expect(client.paramsOf('cancelCall')).toEqual([]);
    client.handlers.sendMessage = () =>
      Promise.reject({ kind: 'bad_request_json', message: 'text: expected string', subject: 'text' });
    await store.getState().sendMessage();
    expect(store.getState().callError?.kind).toBe('bad_request_json');
    expect(store.getState().call?.phase).toBe('open');
    await store.getState().endStream();
    expect(client.paramsOf('halfClose')).toEqual([{ callId: 'call-1' }]);
    expect(store.getState().call?.halfClosed).toBe(true);
    await store.getState().sendMessage();
    expect(client.paramsOf('sendMessage')).toHaveLength(2);
    // Once the stream is ended by us, Send starts a new call (the server may still hold the old one).
    await store.getState().send();
    expect(client.paramsOf('cancelCall')).toEqual([{ callId: 'call-1' }]);
    expect(client.paramsOf('startCall')).toHaveLength(2);
    expect(store.getState().call?.callId).toBe('call-2');
  });

  it('opens a client stream with the editor content as its first message', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client);
    await store.getState().selectMethod(methodNamed('ImportUsers'));
    store.getState().setRequestText('{"id":"u1"}');
    await store.getState().submit();
    expect(client.paramsOf('startCall')[0]?.messages).toEqual(['{"id":"u1"}']);
    await store.getState().submit();
    expect(client.paramsOf('sendMessage')).toEqual([{ callId: 'call-1', json: '{"id":"u1"}' }]);
  });

  it('clears the call view when the method changes, cancelling an open call', async () => {
    const client = new FakeWorkbenchClient();
    const { store, frames } = await connectedStore(client);
    await store.getState().selectMethod(getUser);
    await store.getState().send();
    client.emit({
      type: 'call-end',
      callId: 'call-1',
      status: { code: 0, name: 'OK', message: '', details: [] },
      headers: {},
      trailers: {},
      timings: { totalMs: 1 },
      received: 1,
      sent: 1,
    });
    frames.runFrame();
    expect(store.getState().call?.phase).toBe('ended');
    await store.getState().selectMethod(listUsers);
    expect(store.getState().call).toBeUndefined();

    await store.getState().send();
    client.handlers.sendMessage = () => Promise.reject({ kind: 'bad_request_json', message: 'text: expected string' });
    await store.getState().selectMethod(chat);
    expect(client.paramsOf('cancelCall')).toEqual([{ callId: 'call-2' }]);
    await store.getState().send();
    await store.getState().send();
    expect(store.getState().callError?.kind).toBe('bad_request_json');
    await store.getState().selectMethod(getUser);
    expect(store.getState().callError).toBeUndefined();
    expect(store.getState().call).toBeUndefined();
  });

  it('clears the call view when the schema is reloaded', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client);
    await store.getState().selectMethod(getUser);
    await store.getState().send();
    expect(store.getState().call?.callId).toBe('call-1');
    await store.getState().connect();
    expect(store.getState().call).toBeUndefined();
    expect(client.paramsOf('cancelCall')).toEqual([{ callId: 'call-1' }]);
  });

  it('drops and cancels a call that finishes starting after the method changed', async () => {
    const client = new FakeWorkbenchClient();
    let resolveStart: (value: { callId: string }) => void = () => undefined;
    client.handlers.startCall = () => new Promise((resolve) => (resolveStart = resolve));
    const { store } = await connectedStore(client);
    await store.getState().selectMethod(listUsers);
    const sending = store.getState().send();
    await store.getState().selectMethod(getUser);
    resolveStart({ callId: 'late' });
    await sending;
    expect(store.getState().call).toBeUndefined();
    expect(store.getState().starting).toBe(false);
    expect(client.paramsOf('cancelCall')).toEqual([{ callId: 'late' }]);
  });

  it('connects to the demo lab on open when the host runs one and no target was typed', async () => {
    const lab = { target: 'localhost:7000', proxyTarget: 'localhost:7001', backends: [] };
    const client = new FakeWorkbenchClient({ hostInfo: async () => ({ version: 't', host: 'browser', lab }) });
    const store = createWorkbenchStore(client, { schedule: manualFrames().schedule });
    await vi.waitFor(() => expect(store.getState().schema.status).toBe('loaded'));
    expect(store.getState().form.target).toBe('localhost:7001');
    expect(client.paramsOf('loadSchema')).toEqual([
      {
        sources: [
          expect.objectContaining({
            kind: 'reflection',
            connection: expect.objectContaining({ target: 'localhost:7001' }),
          }),
        ],
      },
    ]);

    const typed = new FakeWorkbenchClient({ hostInfo: async () => ({ version: 't', host: 'browser', lab }) });
    const typedStore = createWorkbenchStore(typed, { initialTarget: 'localhost:9', schedule: manualFrames().schedule });
    await typed.hostInfo({});
    await Promise.resolve();
    expect(typedStore.getState().form.target).toBe('localhost:9');
    expect(typed.paramsOf('loadSchema')).toEqual([]);
  });

  it('cancels an open call', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client);
    await store.getState().selectMethod(listUsers);
    await store.getState().send();
    await store.getState().cancel();
    expect(client.paramsOf('cancelCall')).toEqual([{ callId: 'call-1' }]);
  });

  it('does not start a call with a bad metadata key or deadline', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client);
    await store.getState().selectMethod(getUser);
    store.getState().updateMetadataRow(0, { key: 'Bad Key', value: 'x' });
    await store.getState().send();
    expect(store.getState().callError?.subject).toBe('Metadata');
    store.getState().updateMetadataRow(0, { key: 'ok', value: 'x' });
    store.getState().setDeadlineText('forever');
    await store.getState().send();
    expect(store.getState().callError?.subject).toBe('Deadline');
    expect(client.paramsOf('startCall')).toEqual([]);
  });

  it('keeps a request draft per method', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client);
    await store.getState().selectMethod(getUser);
    store.getState().setRequestText('{"id":"u9"}');
    await store.getState().selectMethod(listUsers);
    expect(store.getState().requestText).toBe('{}');
    await store.getState().selectMethod(getUser);
    expect(store.getState().requestText).toBe('{"id":"u9"}');
  });

  it('fills the editor with the method example on demand', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client);
    await store.getState().selectMethod(getUser);
    store.getState().generateExample();
    expect(JSON.parse(store.getState().requestText)).toEqual({ id: 'u1' });
  });
});
