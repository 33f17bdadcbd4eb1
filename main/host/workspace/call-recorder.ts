/**
 * One call as the history keeps it: what startCall was given (the draft as the user wrote it, or
 * a request built from the InvokeRequest) plus what its events said, turned into one HistoryEntry
 * when the call ends — or when startCall refused it, with the refusal as its status. It holds the
 * first message and a reference to the latest one only, so a stream of a million messages costs
 * nothing more.
 */
import { randomBytes } from 'node:crypto';
import type {
  CallEvent,
  HistoryEntry,
  InvokeRequestParsed,
  ReceivedMessage,
  RequestDraft,
  ErrorKind,
  RpcKind,
  WorkbenchError,
} from '../../../shared/api';
import { HISTORY_MESSAGE_BYTES, receivedMessageToNdjsonLine } from '../../../shared/api';
import { withSentConnection } from '../../../shared/collections/request';
import type { RunCall } from '../../engine/index';
import { statusName } from '../../../shared/status-codes';

/** A history id: time-ordered, unique in the log. */
export function newHistoryId(now = Date.now()): string {
  return `${now.toString(36)}-${randomBytes(5).toString('hex')}`;
}

export class CallRecording {
  private kind: RpcKind | undefined;
  private method: string | undefined;
  private first: ReceivedMessage | undefined;
  private last: ReceivedMessage | undefined;

  constructor(
    readonly params: InvokeRequestParsed,
    private readonly startedAtMs = Date.now(),
  ) {}

  /** Takes one of the call's events; returns the finished entry on `call-end`. */
  observe(event: CallEvent): HistoryEntry | undefined {
    switch (event.type) {
      case 'call-started':
        this.kind = event.kind;
        this.method = event.method;
        return undefined;
      case 'call-messages':
        for (const message of event.messages) {
          this.first ??= message;
          this.last = message;
        }
        return undefined;
      case 'call-end':
        return {
          ...this.base(this.kind ?? 'unary'),
          status: {
            code: event.status.code,
            name: event.status.name,
            message: event.status.message !== '' ? event.status.message : (event.status.error?.message ?? ''),
          },
          durationMs: Math.round(event.timings.totalMs),
          messagesSent: event.sent,
          messagesReceived: event.received,
          ...(this.first === undefined ? {} : { firstMessage: messageText(this.first) }),
          ...(this.last === undefined ? {} : { lastMessage: messageText(this.last) }),
          ...(event.peer === undefined ? {} : { peer: event.peer }),
        };
      default:
        return undefined;
    }
  }

  /** The entry of a call startCall refused before anything was sent. `kind` when the schema knows the method. */
  refused(error: WorkbenchError, kind: RpcKind | undefined, now = Date.now()): HistoryEntry {
    const code = refusalCode[error.kind];
    return {
      ...this.base(kind ?? 'unary'),
      status: {
        code,
        name: statusName(code),
        message: `Not sent: ${error.message}${error.hint === undefined ? '' : ` — ${error.hint}`}`,
      },
      durationMs: Math.max(0, now - this.startedAtMs),
      messagesSent: 0,
      messagesReceived: 0,
    };
  }

  private base(kind: RpcKind): Pick<HistoryEntry, 'id' | 'startedAt' | 'request' | 'kind' | 'origin'> {
    const { collection } = this.params;
    return {
      id: newHistoryId(this.startedAtMs),
      startedAt: new Date(this.startedAtMs).toISOString(),
      request:
        this.params.draft === undefined
          ? draftOf(this.params, kind, this.method)
          : withSentConnection(this.params.draft, this.params.connection),
      kind,
      ...(collection?.path === undefined ? {} : { origin: { root: collection.root, path: collection.path } }),
    };
  }
}

/** The entry of a call a collection run made (its secrets already masked by the runner). */
export function runCallEntry(call: RunCall): HistoryEntry {
  const { outcome } = call;
  const decoded = outcome.messages.filter((message) => message !== undefined);
  const first = decoded[0];
  const last = decoded.at(-1);
  return {
    id: newHistoryId(call.startedAtMs),
    startedAt: new Date(call.startedAtMs).toISOString(),
    request: call.request,
    kind: call.kind,
    ...(call.origin === undefined ? {} : { origin: call.origin }),
    status: { code: outcome.status.code, name: outcome.status.name, message: outcome.status.message },
    durationMs: Math.round(outcome.timings.totalMs),
    messagesSent: outcome.sent,
    messagesReceived: outcome.messages.length,
    ...(first === undefined ? {} : { firstMessage: cutAtBytes(JSON.stringify(first), HISTORY_MESSAGE_BYTES) }),
    ...(last === undefined ? {} : { lastMessage: cutAtBytes(JSON.stringify(last), HISTORY_MESSAGE_BYTES) }),
    ...(outcome.peer === undefined ? {} : { peer: outcome.peer }),
  };
}

/** The status a refusal is filed under, so the history's status filter finds it with its kin. */
const refusalCode: Record<ErrorKind, number> = {
  bad_request_json: 3, // INVALID_ARGUMENT
  bad_input: 3,
  unknown_method: 12, // UNIMPLEMENTED: the schema has no such method
  schema: 9, // FAILED_PRECONDITION
  io: 9,
  not_found: 5, // NOT_FOUND: e.g. a schema id that is gone
  dns: 14, // UNAVAILABLE
  refused: 14,
  tls: 14,
  connection: 14,
  timeout: 4, // DEADLINE_EXCEEDED
  internal: 13, // INTERNAL
};

/** The saved-request shape of what was sent, for a call that came without its draft (the CLI's shape of a call). */
export function draftOf(params: InvokeRequestParsed, kind: RpcKind, startedMethod?: string): RequestDraft {
  const { connection, metadata, deadlineMs, messages } = params;
  const streamsIn = kind === 'client_streaming' || kind === 'bidi_streaming';
  const metadataMap: Record<string, string> = {};
  for (const { key, value } of metadata)
    metadataMap[key] = key in metadataMap ? `${metadataMap[key]}, ${value}` : value;
  return {
    kind: 'grpc-request',
    name: '',
    method: startedMethod ?? slashMethod(params.method),
    target: connection.target,
    tls: { ...connection.tls },
    ...(connection.authority === undefined ? {} : { authority: connection.authority }),
    ...(connection.loadBalancingPolicy === undefined ? {} : { loadBalancingPolicy: connection.loadBalancingPolicy }),
    ...(connection.serviceConfigJson === undefined ? {} : { serviceConfig: connection.serviceConfigJson }),
    ...(deadlineMs === undefined ? {} : { deadline: deadlineText(deadlineMs) }),
    ...(metadata.length === 0 ? {} : { metadata: metadataMap }),
    ...(streamsIn
      ? { messages: messages.map((json) => ({ json })) }
      : messages[0] === undefined
        ? {}
        : { message: messages[0] }),
  };
}

/** `pkg.Service.Method` → `pkg.Service/Method`, the saved request's spelling. */
function slashMethod(method: string): string {
  const trimmed = method.replace(/^\//, '');
  return trimmed.includes('/') ? trimmed : trimmed.replace(/\.(?=[^.]*$)/, '/');
}

/** Exact, and readable back by the collections' duration parser: `5s`, `1500ms`. */
export function deadlineText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function messageText(message: ReceivedMessage): string {
  return cutAtBytes(receivedMessageToNdjsonLine(message), HISTORY_MESSAGE_BYTES);
}

/** One history line at most: a request body pasted by the megabyte is kept as its start only. */
export const MAX_HISTORY_ENTRY_BYTES = 1024 * 1024;

export function boundedEntry(entry: HistoryEntry): HistoryEntry {
  if (Buffer.byteLength(JSON.stringify(entry)) <= MAX_HISTORY_ENTRY_BYTES) return entry;
  const { message, messages } = entry.request;
  const request: RequestDraft = {
    ...entry.request,
    ...(message === undefined ? {} : { message: cutAtBytes(message, HISTORY_MESSAGE_BYTES) }),
    ...(messages === undefined
      ? {}
      : {
          messages: messages.map((step) =>
            'json' in step ? { json: cutAtBytes(step.json, HISTORY_MESSAGE_BYTES) } : step,
          ),
        }),
  };
  return { ...entry, request };
}

const ellipsis = '…';

/** The text if it fits `maxBytes` of UTF-8, else its start (never half a character) and `…`, within the bound. */
export function cutAtBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const room = maxBytes - Buffer.byteLength(ellipsis);
  let cut = Buffer.from(text).subarray(0, room).toString('utf8');
  // A character split by the cut decodes as U+FFFD: drop it.
  while (cut.endsWith('\uFFFD') || Buffer.byteLength(cut) > room) cut = cut.slice(0, -1);
  return cut + ellipsis;
}
