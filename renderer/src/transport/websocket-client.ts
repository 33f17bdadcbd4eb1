/**
 * The browser-mode transport: operations as `{id, op, params}` frames on one WebSocket, answers
 * matched by id, events pushed in batches. Calls never time out on their own (a bidi stream may
 * stay open for hours); they fail with a clear error only when the socket closes.
 */
import type {
  MessagesExport,
  OperationName,
  OutcomeLink,
  WireOutcome,
  WireServerMessage,
  WorkbenchClient,
  WorkbenchEvent,
} from '../../../shared/api';
import {
  clientFromOutcomeLink,
  isEventPush,
  MAX_REQUEST_FRAME_BYTES,
  messagesExportUrlPath,
  WorkbenchError,
} from '../../../shared/api';
import { deliverFetchedMessageValue } from './fetched-message-value';

/** The slice of the browser's WebSocket this client uses (tests pass a fake with the same surface). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
}

const socketOpen = 1;

export function webSocketUrlFor(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export function createWebSocketClient(socket: WebSocketLike): WorkbenchClient {
  let nextId = 1;
  let closedBecause: string | undefined;
  const pending = new Map<number, (outcome: WireOutcome) => void>();
  const unsent: string[] = [];
  const listeners = new Set<(events: WorkbenchEvent[]) => void>();
  const hostLostListeners = new Set<(reason: string) => void>();

  const closedOutcome = (): WireOutcome => ({
    error: new WorkbenchError('connection', `The connection to the workbench host is closed (${closedBecause}).`, {
      hint: 'The server was stopped or restarted: start it again and reload this page.',
    }).toJSON(),
  });

  socket.addEventListener('open', () => {
    for (const frame of unsent.splice(0)) socket.send(frame);
  });
  socket.addEventListener('message', ({ data }) => {
    const message = JSON.parse(String(data)) as WireServerMessage;
    if (isEventPush(message)) {
      for (const listener of listeners) listener(message.events);
      return;
    }
    const settle = pending.get(message.id);
    pending.delete(message.id);
    settle?.(message);
  });
  socket.addEventListener('close', ({ code, reason }) => {
    closedBecause =
      code === 1009
        ? 'code 1009: a message was larger than the host accepts'
        : reason
          ? `code ${code}: ${reason}`
          : `code ${code}`;
    const waiting = [...pending.values()];
    pending.clear();
    for (const settle of waiting) settle(closedOutcome());
    for (const listener of [...hostLostListeners]) listener(closedBecause);
  });

  const link: OutcomeLink = {
    invoke(op: OperationName, params: unknown) {
      if (closedBecause !== undefined) return Promise.resolve(closedOutcome());
      const id = nextId++;
      const frame = JSON.stringify({ id, op, params: params ?? {} });
      const tooLarge = oversizedRequest(op, frame);
      if (tooLarge) return Promise.resolve(tooLarge);
      return new Promise<WireOutcome>((resolve) => {
        pending.set(id, resolve);
        if (socket.readyState === socketOpen) socket.send(frame);
        else unsent.push(frame);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return clientFromOutcomeLink(link, {
    onHostLost(listener) {
      if (closedBecause !== undefined) {
        listener(closedBecause);
        return () => undefined;
      }
      hostLostListeners.add(listener);
      return () => void hostLostListeners.delete(listener);
    },
    // Browser mode saves by download: the same-origin export URL, with the cookie auth every request has.
    saveExport: async (callId) => {
      const outcome = await link.invoke('exportMessages', { callId });
      if ('error' in outcome) throw WorkbenchError.fromData(outcome.error);
      const exported = outcome.result as MessagesExport;
      const anchor = document.createElement('a');
      anchor.href = messagesExportUrlPath(callId);
      anchor.download = exported.fileName;
      anchor.click();
      return exported;
    },
    deliverMessageValue: deliverFetchedMessageValue,
  });
}

/**
 * A request frame over the host's limit is refused here, before sending: the host would close the
 * whole socket (1009), taking the session's calls with it. UTF-8 needs at most 3 bytes per UTF-16
 * unit, so the exact byte count is only taken for frames that could be over.
 */
function oversizedRequest(op: string, frame: string): WireOutcome | undefined {
  if (frame.length * 3 <= MAX_REQUEST_FRAME_BYTES) return undefined;
  const bytes = new TextEncoder().encode(frame).length;
  if (bytes <= MAX_REQUEST_FRAME_BYTES) return undefined;
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return {
    error: new WorkbenchError(
      'bad_input',
      `The ${op} request is ${mib(bytes)}, more than the ${mib(MAX_REQUEST_FRAME_BYTES)} browser mode accepts in one message; nothing was sent.`,
      { hint: 'Send a smaller message, or split a stream into several messages.', subject: op },
    ).toJSON(),
  };
}
