/** A WebSocket test client that speaks the wire protocol and records pushed events. */
import WebSocket from 'ws';
import type { WorkbenchEvent } from '../../../shared/api';
import type { WireResponse, WireServerMessage } from '../../../shared/api';
import { isEventPush } from '../../../shared/api';

export interface TestSocket {
  socket: WebSocket;
  events: WorkbenchEvent[];
  /** How many event frames arrived (to observe batching). */
  eventFrames: number;
  call(op: string, params?: unknown): Promise<WireResponse>;
  waitForEvents(count: number): Promise<void>;
}

/** Resolves with the HTTP status of a refused upgrade, or rejects if the upgrade succeeded. */
export function refusedUpgradeStatus(url: string, options: WebSocket.ClientOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      socket.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    socket.on('error', () => undefined);
  });
}

export async function openTestSocket(url: string, options: WebSocket.ClientOptions): Promise<TestSocket> {
  const socket = new WebSocket(url, options);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (response: WireResponse) => void>();
  const eventWaiters: { count: number; resolve: () => void }[] = [];
  const client: TestSocket = {
    socket,
    events: [],
    eventFrames: 0,
    call(op, params = {}) {
      const id = nextId++;
      socket.send(JSON.stringify({ id, op, params }));
      return new Promise((resolve) => pending.set(id, resolve));
    },
    waitForEvents(count) {
      if (client.events.length >= count) return Promise.resolve();
      return new Promise((resolve) => eventWaiters.push({ count, resolve }));
    },
  };
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as WireServerMessage;
    if (isEventPush(message)) {
      client.eventFrames++;
      client.events.push(...message.events);
      for (const waiter of eventWaiters.filter((w) => client.events.length >= w.count)) waiter.resolve();
      return;
    }
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  return client;
}
