import type { CallStatus, CallTimings, MetadataJson, ReceivedMessage } from '../../../shared/api';

/**
 * `--output json`: ONE document for the whole call, so scripts can `jq` it instead of scraping
 * text. The shape is a published interface (issue 2 §5): change it only additively.
 */
export interface CallJsonMessage {
  /** proto3 JSON of the message; null when it could not be decoded (then bytesBase64 + decodeError say why). */
  message: unknown;
  sizeBytes: number;
  receivedMs: number;
  bytesBase64?: string;
  decodeError?: string;
}

export interface CallJsonDocument {
  method: string;
  peer: string | null;
  headers: MetadataJson;
  messages: CallJsonMessage[];
  trailers: MetadataJson;
  status: { code: number; name: string; message: string; details: unknown[] };
  timings: { headersMs: number | null; firstMessageMs: number | null; totalMs: number };
}

export interface FinishedCall {
  method: string;
  peer?: string;
  headers: MetadataJson;
  messages: readonly ReceivedMessage[];
  trailers: MetadataJson;
  status: CallStatus;
  timings: CallTimings;
}

export function callToJsonDocument(call: FinishedCall): CallJsonDocument {
  return {
    method: call.method,
    peer: call.peer ?? null,
    headers: call.headers,
    messages: call.messages.map(toJsonMessage),
    trailers: call.trailers,
    status: {
      code: call.status.code,
      name: call.status.name,
      message: call.status.message,
      details: call.status.details,
    },
    timings: {
      headersMs: call.timings.headersMs ?? null,
      firstMessageMs: call.timings.firstMessageMs ?? null,
      totalMs: call.timings.totalMs,
    },
  };
}

function toJsonMessage(received: ReceivedMessage): CallJsonMessage {
  const base = { message: received.json ?? null, sizeBytes: received.sizeBytes, receivedMs: received.receivedMs };
  if (received.decodeError === undefined) return base;
  return { ...base, bytesBase64: received.bytesBase64 ?? '', decodeError: received.decodeError };
}
