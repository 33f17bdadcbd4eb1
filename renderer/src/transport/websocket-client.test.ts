import { describe, expect, it } from 'vitest';
import type { WorkbenchEvent } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import type { WebSocketLike } from './websocket-client';
import { createWebSocketClient, webSocketUrlFor } from './websocket-client';

/** A stand-in for the browser's WebSocket: records sent frames, lets the test play the server. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: { id: number; op: string; params: unknown }[] = [];
  private handlers: Record<string, ((event: never) => void)[]> = {};
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  addEventListener(type: string, listener: (event: never) => void) {
    (this.handlers[type] ??= []).push(listener);
  }
  fire(type: 'open' | 'message' | 'close', event: unknown = {}) {
    if (type === 'open') this.readyState = 1;
    if (type === 'close') this.readyState = 3;
    for (const handler of this.handlers[type] ?? []) handler(event as never);
  }
  reply(message: unknown) {
    this.fire('message', { data: JSON.stringify(message) });
  }
}

const hostInfo = { version: '1.0.0', host: 'browser' as const };

describe('createWebSocketClient', () => {
  it('derives the socket URL from the page location', () => {
    expect(webSocketUrlFor({ protocol: 'http:', host: '127.0.0.1:4000' })).toBe('ws://127.0.0.1:4000/ws');
    expect(webSocketUrlFor({ protocol: 'https:', host: 'example.test' })).toBe('wss://example.test/ws');
  });

  it('queues calls until the socket opens and matches answers by id', async () => {
    const socket = new FakeSocket();
    const client = createWebSocketClient(socket);
    const first = client.hostInfo({});
    const second = client.cancelCall({ callId: 'c1' });
    expect(socket.sent).toEqual([]);
    socket.fire('open');
    expect(socket.sent).toEqual([
      { id: 1, op: 'hostInfo', params: {} },
      { id: 2, op: 'cancelCall', params: { callId: 'c1' } },
    ]);
    socket.reply({ id: 2 });
    socket.reply({ id: 1, result: hostInfo });
    await expect(first).resolves.toEqual(hostInfo);
    await expect(second).resolves.toBeUndefined();
  });

  it('rejects with the host error as a WorkbenchError', async () => {
    const socket = new FakeSocket();
    socket.fire('open');
    const client = createWebSocketClient(socket);
    const call = client.loadSchema({ sources: [{ kind: 'protoFiles', files: ['a.proto'] }] });
    socket.reply({
      id: 1,
      error: { kind: 'schema', message: 'a.proto:1:1: boom', hint: 'fix it', subject: 'a.proto' },
    });
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ kind: 'schema', message: 'a.proto:1:1: boom', hint: 'fix it', subject: 'a.proto' });
  });

  it('refuses a request over the host limit before sending it, and the session lives on', async () => {
    const socket = new FakeSocket();
    socket.fire('open');
    const client = createWebSocketClient(socket);
    const huge = 'x'.repeat(65 * 1024 * 1024);
    await expect(client.sendMessage({ callId: 'c1', json: JSON.stringify({ text: huge }) })).rejects.toMatchObject({
      kind: 'bad_input',
      message: expect.stringMatching(/^The sendMessage request is 65\.0 MiB, more than the 64\.0 MiB/),
    });
    expect(socket.sent).toHaveLength(0);
    const small = client.halfClose({ callId: 'c1' });
    expect(socket.sent).toHaveLength(1);
    socket.reply({ id: socket.sent[0]!.id, result: undefined });
    await expect(small).resolves.toBeUndefined();
  });

  it('says a 1009 close means a message was too large', async () => {
    const socket = new FakeSocket();
    socket.fire('open');
    const client = createWebSocketClient(socket);
    socket.fire('close', { code: 1009, reason: '' });
    await expect(client.hostInfo({})).rejects.toMatchObject({
      message: expect.stringContaining('a message was larger than the host accepts'),
    });
  });

  it('says at once that the host is gone when the socket closes, also to a late listener', () => {
    const socket = new FakeSocket();
    socket.fire('open');
    const client = createWebSocketClient(socket);
    const heard: string[] = [];
    client.onHostLost?.((reason) => heard.push(reason));
    expect(heard).toEqual([]);
    socket.fire('close', { code: 1006, reason: '' });
    expect(heard).toEqual(['code 1006']);
    client.onHostLost?.((reason) => heard.push(`late: ${reason}`));
    expect(heard).toEqual(['code 1006', 'late: code 1006']);
  });

  it('fails pending and later calls with a clear error when the socket closes', async () => {
    const socket = new FakeSocket();
    socket.fire('open');
    const client = createWebSocketClient(socket);
    const pending = client.halfClose({ callId: 'c1' });
    socket.fire('close', { code: 1006, reason: '' });
    await expect(pending).rejects.toMatchObject({
      kind: 'connection',
      message: expect.stringContaining('closed (code 1006)'),
    });
    await expect(client.hostInfo({})).rejects.toMatchObject({ kind: 'connection' });
    expect(socket.sent).toHaveLength(1);
  });

  it('delivers pushed event batches one event at a time until unsubscribed', () => {
    const socket = new FakeSocket();
    const client = createWebSocketClient(socket);
    const seen: WorkbenchEvent[] = [];
    const unsubscribe = client.onEvent((event) => seen.push(event));
    const started: WorkbenchEvent = { type: 'call-started', callId: 'c', method: 'm', kind: 'unary', startedAt: 1 };
    const sent: WorkbenchEvent = { type: 'call-sent', callId: 'c', count: 1, atMs: 2 };
    socket.reply({ events: [started, sent] });
    unsubscribe();
    socket.reply({ events: [started] });
    expect(seen).toEqual([started, sent]);
  });
});
