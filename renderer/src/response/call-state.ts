/**
 * The state of one call as the response view shows it, and the pure reducer that folds a batch of
 * CallEvents into it. Messages are kept in a bounded window (the most recent N) plus counters, so
 * a stream of a million messages costs the memory of N, not of a million.
 */
import type { CallEvent, CallStatus, CallTimings, MetadataJson, ReceivedMessage, RpcKind } from '../../../shared/api';

export type CallPhase = 'open' | 'ended';

/** A request message we sent, as the editor held it, timed by the renderer's clock from the call's start. */
export interface SentMessage {
  index: number;
  json: string;
  sentMs: number;
}

export interface CallView {
  callId: string;
  method: string;
  kind: RpcKind;
  phase: CallPhase;
  /** We half-closed the sending side (client/bidi); the server may still send. */
  halfClosed: boolean;
  headers?: MetadataJson;
  trailers?: MetadataJson;
  peer?: string;
  status?: CallStatus;
  timings?: CallTimings;
  /** Milliseconds since the call started when headers / the first message arrived (live, before call-end). */
  headersMs?: number;
  firstMessageMs?: number;
  /** The most recent messages, oldest first, at most `windowSize` of them. */
  messages: readonly ReceivedMessage[];
  /** Every message received so far, including those that fell out of the window. */
  receivedTotal: number;
  sentTotal: number;
  /** The messages we sent (the renderer knows them), the last `windowSize` of them. */
  sent: readonly SentMessage[];
}

export const defaultMessageWindow = 10_000;

export function createCallView(callId: string, method: string, kind: RpcKind): CallView {
  return {
    callId,
    method,
    kind,
    phase: 'open',
    halfClosed: false,
    messages: [],
    receivedTotal: 0,
    sentTotal: 0,
    sent: [],
  };
}

/** Records a message we sent on the call. */
export function withSent(call: CallView, json: string, sentMs: number, windowSize = defaultMessageWindow): CallView {
  const index = (call.sent.at(-1)?.index ?? -1) + 1;
  return { ...call, sent: appendToWindow(call.sent, [{ index, json, sentMs }], windowSize) };
}

export type TimelineEntry =
  | { direction: 'sent'; message: SentMessage; atMs: number }
  | { direction: 'received'; message: ReceivedMessage; atMs: number };

/** Sent and received messages on one timeline, by time (a sent one first on a tie: it caused the answer). */
export function callTimeline(call: Pick<CallView, 'sent' | 'messages'>): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  let next = 0;
  for (const message of call.messages) {
    while (next < call.sent.length && call.sent[next]!.sentMs <= message.receivedMs) {
      const sent = call.sent[next++]!;
      entries.push({ direction: 'sent', message: sent, atMs: sent.sentMs });
    }
    entries.push({ direction: 'received', message, atMs: message.receivedMs });
  }
  for (const sent of call.sent.slice(next)) entries.push({ direction: 'sent', message: sent, atMs: sent.sentMs });
  return entries;
}

/** Keeps the last `windowSize` of `kept` followed by `added`, copying at most `windowSize` items. */
export function appendToWindow<T>(kept: readonly T[], added: readonly T[], windowSize: number): readonly T[] {
  if (added.length === 0) return kept;
  if (added.length >= windowSize) return added.slice(added.length - windowSize);
  const keepFromOld = Math.min(kept.length, windowSize - added.length);
  return kept.slice(kept.length - keepFromOld).concat(added);
}

/**
 * Folds events of `call.callId` into the view; events of other calls are ignored. All messages of
 * the batch are appended with one copy of the window, however many events carried them.
 */
export function applyCallEvents(
  call: CallView,
  events: readonly CallEvent[],
  windowSize = defaultMessageWindow,
): CallView {
  let next = call;
  const arrived: ReceivedMessage[] = [];
  for (const event of events) {
    if (event.callId !== call.callId) continue;
    switch (event.type) {
      case 'call-started':
        next = { ...next, method: event.method, kind: event.kind };
        break;
      case 'call-headers':
        next = { ...next, headers: event.headers, headersMs: event.atMs };
        break;
      case 'call-messages':
        for (const message of event.messages) arrived.push(message);
        break;
      case 'call-sent':
        next = { ...next, sentTotal: Math.max(next.sentTotal, event.count) };
        break;
      case 'call-end':
        next = {
          ...next,
          phase: 'ended',
          status: event.status,
          headers: event.headers,
          trailers: event.trailers,
          peer: event.peer,
          timings: event.timings,
          sentTotal: Math.max(next.sentTotal, event.sent),
          // The engine's own count is authoritative (it covers messages we never saw as events).
          receivedTotal: Math.max(next.receivedTotal, event.received - arrived.length),
        };
        break;
    }
  }
  if (arrived.length === 0) return next;
  return {
    ...next,
    firstMessageMs: next.firstMessageMs ?? arrived[0]?.receivedMs,
    receivedTotal: next.receivedTotal + arrived.length,
    messages: appendToWindow(next.messages, arrived, windowSize),
  };
}

/** Whether the user can still send messages (client/bidi, not half-closed, not ended). */
export function canSendMore(call: CallView | undefined): boolean {
  if (!call || call.phase !== 'open' || call.halfClosed) return false;
  return call.kind === 'client_streaming' || call.kind === 'bidi_streaming';
}
