/** Contract domain `calls`: one RPC of any kind, its events, and the export of what it received. */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import { requestDraftSchema } from './workspace';
import type { MetadataJson, RpcKind } from './connection';
import { clientIdSchema, connectionOptionsSchema, metadataEntrySchema } from './connection';
import type { WorkbenchErrorData } from './errors';

export const invokeRequestSchema = lazySchema(() =>
  z.object({
    /** Chosen by the client, unique among its running calls; every event of the call carries it. */
    callId: clientIdSchema,
    schemaId: z.string().min(1),
    /** `package.Service/Method` or `package.Service.Method`. */
    method: z.string().min(1),
    connection: connectionOptionsSchema,
    metadata: z.array(metadataEntrySchema).default([]),
    /** Relative deadline; sent as grpc-timeout. */
    deadlineMs: z.number().int().positive().optional(),
    /**
     * Request messages as JSON text, sent in order. Unary and server streaming take exactly one;
     * client and bidi streaming take zero or more now and more through sendMessage.
     */
    messages: z.array(z.string()).default([]),
    /** For client/bidi: half-close right after the initial messages. */
    halfClose: z.boolean().default(false),
    waitForReady: z.boolean().default(false),
    compression: z.enum(['identity', 'gzip']).default('identity'),
    allowUnknownFields: z.boolean().default(false),
    /** Print fields with default values in response JSON (grpcurl's -emit-defaults). */
    emitDefaults: z.boolean().default(false),
    /**
     * The collection request the call is sent from: the host resolves `{{secret.NAME}}` in the
     * metadata and messages from its secret store for this collection (values never reach the
     * client), and the history notes where the call came from.
     */
    collection: z.object({ root: z.string().min(1), path: z.string().min(1).optional() }).optional(),
    /** The request as the user wrote it, before any `{{variable}}` was resolved: what the history keeps (masked). */
    draft: requestDraftSchema.optional(),
  }),
);
export type InvokeRequest = z.input<typeof invokeRequestSchema>;
export type InvokeRequestParsed = z.output<typeof invokeRequestSchema>;

export const callIdParamsSchema = lazySchema(() => z.object({ callId: z.string().min(1) }));
export const sendMessageParamsSchema = lazySchema(() => z.object({ callId: z.string().min(1), json: z.string() }));

export interface ReceivedMessage {
  /** 0-based position in the response stream. */
  index: number;
  /** proto3 JSON of the message; absent when it could not be decoded. */
  json?: unknown;
  /** The raw bytes, base64, when the message could not be decoded. */
  bytesBase64?: string;
  decodeError?: string;
  sizeBytes: number;
  /** Milliseconds since the call started. */
  receivedMs: number;
  /** Strings of `json` cut to their head on the way to the page; fetchMessageValue gives each whole. */
  elided?: ElidedValue[];
}

export interface CallStatus {
  code: number;
  /** e.g. `UNAVAILABLE`. */
  name: string;
  message: string;
  /** `grpc-status-details-bin` decoded as google.rpc.Status: each detail's proto3 JSON, with `@type`. */
  details: unknown[];
  /** Set when the failure is ours or the transport's rather than the server's (refused, TLS, deadline…). */
  error?: WorkbenchErrorData;
}

export interface CallTimings {
  /** Channel READY (connection established), relative to the call start. */
  readyMs?: number;
  headersMs?: number;
  firstMessageMs?: number;
  totalMs: number;
}

export type CallEvent =
  | { type: 'call-started'; callId: string; method: string; kind: RpcKind; startedAt: number }
  | { type: 'call-headers'; callId: string; headers: MetadataJson; atMs: number }
  /** Received messages come in batches (per N messages or per few ms) so a fast stream never floods the host link. */
  | { type: 'call-messages'; callId: string; messages: ReceivedMessage[] }
  | { type: 'call-sent'; callId: string; count: number; atMs: number }
  | {
      type: 'call-end';
      callId: string;
      status: CallStatus;
      headers: MetadataJson;
      trailers: MetadataJson;
      peer?: string;
      timings: CallTimings;
      received: number;
      sent: number;
    };

/**
 * Every message a call received so far, as an NDJSON file the host wrote while they arrived (the
 * renderer keeps only a window of them). Only the most recent calls keep theirs.
 */
export interface MessagesExport {
  /** The NDJSON file on the host: its first `bytes` bytes hold exactly `count` lines. */
  path: string;
  /** A file name to suggest when saving, e.g. `user.v1.UserService_ListUsers.ndjson`. */
  fileName: string;
  count: number;
  bytes: number;
  /** Electron: the user closed the save dialog, nothing was saved. */
  cancelled?: boolean;
}

/** Browser mode: the URL path (same origin, cookie auth) that downloads a call's MessagesExport. */
export function messagesExportUrlPath(callId: string): string {
  return `/export/${encodeURIComponent(callId)}.ndjson`;
}

/**
 * One NDJSON line (without the newline) of an exported message: its proto3 JSON, or — for a
 * message that could not be decoded — its index, bytes and the decode error, so none is dropped.
 */
export function receivedMessageToNdjsonLine(message: ReceivedMessage): string {
  if (message.json !== undefined) return JSON.stringify(message.json);
  return JSON.stringify({
    index: message.index,
    bytesBase64: message.bytesBase64 ?? '',
    decodeError: message.decodeError ?? 'not decoded',
  });
}

/**
 * A string of a received message too large to cross to the page with it (a 29 MB base64 field
 * would cost the page a long task to parse): the message carries its head, and the whole value
 * is fetched on demand with fetchMessageValue.
 */
export interface ElidedValue {
  /** Keys and array indexes from the message's root. */
  path: (string | number)[];
  /** The whole string's length, in UTF-16 code units (the page's own measure). */
  length: number;
}

export const fetchMessageValueParamsSchema = lazySchema(() =>
  z.object({
    callId: z.string().min(1),
    /** The message's `index` in the response stream. */
    index: z.number().int().nonnegative(),
    /** Keys and array indexes from the message's root; `[]` is the whole message. */
    path: z.array(z.union([z.string(), z.number().int().nonnegative()])),
  }),
);
/** A recorded message, or one value in it: what Copy and Save hand over whole. */
export type MessageValueRef = z.input<typeof fetchMessageValueParamsSchema>;

export interface MessageValue {
  /**
   * The value as the user copies it: a string as it is; anything else — the whole message at
   * `[]` — as its proto3 JSON, 2-space indented (`JSON.stringify(value, null, 2)`).
   */
  value: string;
}

/**
 * Browser mode: the URL path (same origin, cookie auth) of fetchMessageValue's `value` as a text
 * file, so the page can hand it to the clipboard or a download without making it a string.
 */
export function messageValueUrlPath({ callId, index, path }: MessageValueRef): string {
  const query = path.length === 0 ? '' : `?path=${encodeURIComponent(JSON.stringify(path))}`;
  return `/message-value/${encodeURIComponent(callId)}/${index}${query}`;
}

/** The file name Save suggests for a value: the message's, or Save value's own. */
export function messageValueFileName({ index, path }: MessageValueRef): string {
  return path.length === 0 ? `message-${index}.json` : 'value.txt';
}
