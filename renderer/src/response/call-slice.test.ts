import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReceivedMessage, WorkbenchEvent } from '../../../shared/api';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { connectedStore, manualFrames, methodNamed } from '../testing/test-store';
import { paced } from './call-slice';

const getUser = methodNamed('GetUser');
const listUsers = methodNamed('ListUsers');
const chat = methodNamed('Chat');

/** call-1 ended OK after `received` messages (one sent). */
function okEnd(received: number): WorkbenchEvent {
  return {
    type: 'call-end',
    callId: 'call-1',
    status: { code: 0, name: 'OK', message: '', details: [] },
    headers: {},
    trailers: {},
    timings: { totalMs: 1 },
    received,
    sent: 1,
  };
}

function messages(from: number, count: number): ReceivedMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    index: from + i,
    json: { id: `u${from + i}` },
    sizeBytes: 10,
    receivedMs: i,
  }));
}

describe('call slice', () => {
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

  it('shows the call under its own id before startCall is sent, so its first events land in the view', async () => {
    const client = new FakeWorkbenchClient();
    const { store, frames } = await connectedStore(client);
    let viewWhenStarted: string | undefined;
    client.handlers.startCall = async ({ callId }) => {
      viewWhenStarted = store.getState().call?.callId;
      // The host may push the call's first events before its answer to startCall arrives.
      client.emit(
        { type: 'call-started', callId, method: listUsers.path, kind: 'server_streaming', startedAt: 0 },
        { type: 'call-messages', callId, messages: messages(0, 3) },
        { type: 'call-messages', callId: 'someone-else', messages: messages(0, 5) },
      );
      return { callId };
    };
    await store.getState().selectMethod(listUsers);
    await store.getState().send();
    expect(client.paramsOf('startCall')[0]?.callId).toBe('call-1');
    expect(viewWhenStarted).toBe('call-1');
    frames.runFrame();
    expect(store.getState().call?.callId).toBe('call-1');
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
    client.emit(okEnd(1));
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
    let finishStarting: () => void = () => undefined;
    client.handlers.startCall = ({ callId }) => new Promise((resolve) => (finishStarting = () => resolve({ callId })));
    const { store } = await connectedStore(client);
    await store.getState().selectMethod(listUsers);
    const sending = store.getState().send();
    await store.getState().selectMethod(getUser);
    // Not cancelled while the host may not know the call yet: once, when its start is answered.
    expect(client.paramsOf('cancelCall')).toEqual([]);
    finishStarting();
    await sending;
    expect(store.getState().call).toBeUndefined();
    expect(store.getState().starting).toBe(false);
    expect(client.paramsOf('cancelCall')).toEqual([{ callId: 'call-1' }]);
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

  it('does not send metadata the table shows twice: the request would hold only one of them', async () => {
    const { client, store } = await connectedStore();
    await store.getState().selectMethod(getUser);
    store.getState().updateMetadataRow(0, { key: 'x-a', value: '1' });
    store.getState().addMetadataRow();
    const second = store.getState().requestUi.metadataRows[1]!;
    store.getState().updateMetadataRow(second.id, { key: 'x-a', value: '2' });
    await store.getState().send();
    expect(store.getState().callError).toMatchObject({ subject: 'Metadata', message: expect.stringMatching(/twice/) });
    expect(client.paramsOf('startCall')).toEqual([]);
  });

  it('asks to connect and pick a method before sending', async () => {
    const { client, store } = await connectedStore();
    await store.getState().send();
    expect(store.getState().callError?.message).toBe('Connect and pick a method first.');
    expect(client.paramsOf('startCall')).toEqual([]);
  });

  it('shows the end of a call at once, with the messages still waiting for a frame', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await connectedStore(client);
    await store.getState().selectMethod(listUsers);
    await store.getState().send();
    client.emit({ type: 'call-messages', callId: 'call-1', messages: messages(0, 3) });
    expect(store.getState().call?.receivedTotal).toBe(0);
    client.emit(okEnd(3));
    expect(store.getState().call).toMatchObject({ phase: 'ended', receivedTotal: 3 });
    expect(store.getState().call?.messages).toHaveLength(3);
  });
});

describe('paced', () => {
  afterEach(() => void vi.useRealTimers());

  it('schedules a callback after a quiet spell at once, and the next one no sooner than the interval', () => {
    vi.useFakeTimers();
    let clock = 1_000;
    const frames = manualFrames();
    const schedule = paced(frames.schedule, 100, () => clock);
    const ran: number[] = [];
    schedule(() => ran.push(clock));
    frames.runFrame();
    expect(ran).toEqual([1_000]);
    // 30 ms later: it waits out the 70 ms left, then for its scheduler (here a frame).
    clock += 30;
    schedule(() => ran.push(clock));
    frames.runFrame();
    expect(frames.scheduled()).toBe(0);
    clock += 70;
    vi.advanceTimersByTime(70);
    expect(frames.scheduled()).toBe(1);
    frames.runFrame();
    expect(ran).toEqual([1_000, 1_100]);
  });

  it('cancels a callback waiting for its interval or for its frame', () => {
    vi.useFakeTimers();
    let clock = 0;
    const frames = manualFrames();
    const schedule = paced(frames.schedule, 100, () => clock);
    const ran: string[] = [];
    schedule(() => ran.push('first'));
    frames.runFrame();
    clock += 10;
    const cancelWaiting = schedule(() => ran.push('cancelled in its interval'));
    cancelWaiting();
    vi.advanceTimersByTime(100);
    expect(frames.scheduled()).toBe(0);
    clock += 200;
    const cancelFramed = schedule(() => ran.push('cancelled before its frame'));
    cancelFramed();
    frames.runFrame();
    expect(ran).toEqual(['first']);
  });
});
