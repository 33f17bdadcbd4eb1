/**
 * The one API contract between a host (Electron main or the browser-mode server) and the renderer.
 *
 * Every operation's params are a zod schema, so both hosts validate what crosses the boundary with
 * the same code, and the TypeScript types are inferred from the schemas (no twin declarations).
 * Results are produced by our own engine, so they are typed but not re-validated.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Building blocks

export const rpcKindSchema = z.enum(['unary', 'server_streaming', 'client_streaming', 'bidi_streaming']);
export type RpcKind = z.infer<typeof rpcKindSchema>;

/** One request metadata entry. For keys ending in `-bin` the value is base64. */
export const metadataEntrySchema = z.object({
  key: z.string().min(1),
  value: z.string(),
});
export type MetadataEntry = z.infer<typeof metadataEntrySchema>;

/** Received metadata (headers or trailers): name → values; binary (`-bin`) values are base64. */
export type MetadataJson = Record<string, string[]>;

export const tlsOptionsSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('plaintext') }),
  z.object({
    mode: z.literal('tls'),
    /** PEM file of the CA(s) to trust instead of the system roots. */
    caFile: z.string().optional(),
    /** Client certificate and key (PEM files) for mTLS. */
    certFile: z.string().optional(),
    keyFile: z.string().optional(),
    /** Skip server certificate verification (grpcurl's -insecure). */
    insecureSkipVerify: z.boolean().optional(),
    /** Name to verify the server certificate against (grpcurl's -servername). */
    serverName: z.string().optional(),
  }),
]);
export type TlsOptions = z.infer<typeof tlsOptionsSchema>;

export const lbPolicySchema = z.enum(['pick_first', 'round_robin']);
export type LbPolicy = z.infer<typeof lbPolicySchema>;

/** Everything that identifies a channel. Channels are pooled by the whole object. */
export const connectionOptionsSchema = z.object({
  /** Any target grpc-js accepts: host:port, dns:///host:port, ipv4:a:p,b:p, ipv6:…, unix:/path. */
  target: z.string().min(1),
  tls: tlsOptionsSchema,
  /** Overrides the :authority header (grpcurl's -authority). */
  authority: z.string().optional(),
  keepaliveTimeMs: z.number().int().positive().optional(),
  loadBalancingPolicy: lbPolicySchema.optional(),
  /** Any gRPC service config JSON (retry policy, …). Merged with loadBalancingPolicy. */
  serviceConfigJson: z.string().optional(),
  /** Default 64 MiB (not grpc's 4 MiB): engineers inspect large responses. */
  maxReceiveMessageBytes: z.number().int().positive().optional(),
  maxSendMessageBytes: z.number().int().positive().optional(),
  userAgent: z.string().optional(),
  /** How long to wait for the channel to become READY before a call fails. */
  connectTimeoutMs: z.number().int().positive().optional(),
  /**
   * Distinguishes otherwise identical channels, e.g. the per-call or K channels of a burst.
   * Absent for the normal shared channel.
   */
  channelKey: z.string().optional(),
});
export type ConnectionOptions = z.infer<typeof connectionOptionsSchema>;

// ---------------------------------------------------------------------------------------------
// Errors

export const engineErrorKinds = [
  'bad_request_json', // the request JSON does not fit the input message
  'unknown_method', // method/service/symbol not in the schema
  'schema', // .proto / protoset / reflection failure
  'dns', // the target's host name does not resolve
  'refused', // nothing listens there
  'tls', // TLS handshake failed (unknown CA, name mismatch, plaintext server, …)
  'timeout', // connect timeout or deadline
  'connection', // other transport failures
  'bad_input', // a user-supplied option is malformed (metadata key, duration, file path, …)
  'io', // a file could not be read or written
  'not_found', // a call/burst id that does not exist (anymore)
  'internal', // a bug of ours: reported, never a crash
] as const;
export type EngineErrorKind = (typeof engineErrorKinds)[number];

/** A failure a user can act on: what went wrong, naming the thing at fault, and how to fix it. */
export interface EngineErrorInfo {
  kind: EngineErrorKind;
  message: string;
  hint?: string;
  /** e.g. the field path of a JSON error, the file of a schema error, the target of a connect error. */
  subject?: string;
}

// ---------------------------------------------------------------------------------------------
// Schemas (service discovery)

export const schemaSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('reflection'),
    connection: connectionOptionsSchema,
    /** Sent with reflection requests: servers often require auth for reflection too. */
    metadata: z.array(metadataEntrySchema).default([]),
  }),
  z.object({
    kind: z.literal('protoFiles'),
    /** Files, directories (recursive) and globs. */
    files: z.array(z.string().min(1)).min(1),
    /** In order, like protoc's -I. */
    importPaths: z.array(z.string().min(1)).default([]),
  }),
  z.object({
    kind: z.literal('protoset'),
    files: z.array(z.string().min(1)).min(1),
  }),
]);
export type SchemaSource = z.infer<typeof schemaSourceSchema>;

export interface MethodSummary {
  /** Method name, e.g. `GetUser`. */
  name: string;
  /** `package.Service/Method`, the form grpcurl and the wire use. */
  path: string;
  kind: RpcKind;
  inputType: string;
  outputType: string;
}

export interface ServiceSummary {
  /** Fully-qualified service name, e.g. `user.v1.UserService`. */
  name: string;
  /** The .proto file that declares it. */
  file: string;
  methods: MethodSummary[];
}

/** A file that could not be loaded; the rest of the schema still loads. */
export interface SchemaProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface SchemaLoadResult {
  schemaId: string;
  services: ServiceSummary[];
  fileCount: number;
  problems: SchemaProblem[];
  /** For reflection: which protocol version answered. */
  reflectionVersion?: 'v1' | 'v1alpha';
}

export interface MethodDescription extends MethodSummary {
  /** A JSON Schema (draft 2020-12 subset understood by Monaco) of the input message in proto3 JSON. */
  inputJsonSchema: unknown;
  /** A filled example of the input message, as proto3 JSON. */
  exampleJson: unknown;
  /** protoc-style text of the input and output message declarations. */
  inputDescriptorText: string;
  outputDescriptorText: string;
}

// ---------------------------------------------------------------------------------------------
// Calls

export const invokeRequestSchema = z.object({
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
});
export type InvokeRequest = z.input<typeof invokeRequestSchema>;
export type InvokeRequestParsed = z.output<typeof invokeRequestSchema>;

export const callIdParamsSchema = z.object({ callId: z.string().min(1) });
export const sendMessageParamsSchema = z.object({ callId: z.string().min(1), json: z.string() });

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
}

export interface CallStatus {
  code: number;
  /** e.g. `UNAVAILABLE`. */
  name: string;
  message: string;
  /** `grpc-status-details-bin` decoded as google.rpc.Status: each detail's proto3 JSON, with `@type`. */
  details: unknown[];
  /** Set when the failure is ours or the transport's rather than the server's (refused, TLS, bad JSON…). */
  error?: EngineErrorInfo;
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

// ---------------------------------------------------------------------------------------------
// Channels (the load-balancing lens)

export const connectivityStates = ['IDLE', 'CONNECTING', 'READY', 'TRANSIENT_FAILURE', 'SHUTDOWN'] as const;
export type ConnectivityStateName = (typeof connectivityStates)[number];

export interface SubchannelInfo {
  id: string;
  address: string;
  state: ConnectivityStateName;
  callsStarted: number;
  callsSucceeded: number;
  callsFailed: number;
  /** Epoch ms of the last state change we saw. */
  lastChangeAt?: number;
}

export interface ChannelSnapshot {
  target: string;
  state: ConnectivityStateName;
  timeline: { state: ConnectivityStateName; at: number }[];
  subchannels: SubchannelInfo[];
  callsStarted: number;
  callsSucceeded: number;
  callsFailed: number;
}

export type ChannelEvent = { type: 'channel-state'; watchId: string; snapshot: ChannelSnapshot };

/** One connection as the server sees it (a grpc.channelz.v1 Socket of one of its servers). */
export interface ServerSocketInfo {
  id: string;
  /** The client end, host:port: which client is connected (behind an L4 proxy: the proxy's own address). */
  remoteAddress: string;
  /** The server end, host:port. */
  localAddress: string;
  /** One stream per call carried by this connection. */
  streamsStarted: number;
  streamsSucceeded: number;
  streamsFailed: number;
  messagesSent: number;
  messagesReceived: number;
}

/** One gRPC server of the process that answered, with its counters and its open connections. */
export interface ChannelzServerInfo {
  id: string;
  name: string;
  callsStarted: number;
  callsSucceeded: number;
  callsFailed: number;
  /** Addresses it listens on. */
  listenSockets: string[];
  sockets: ServerSocketInfo[];
  /** Set when it has more connections than the report lists. */
  socketsTruncated?: boolean;
}

/**
 * A server's own view, from its grpc.channelz.v1 service. Through an L4 proxy it is the view of
 * whichever backend the connection reached; channelz is per process, so every server of that
 * process is listed.
 */
export interface ServerChannelzReport {
  target: string;
  servers: ChannelzServerInfo[];
}

// ---------------------------------------------------------------------------------------------
// Bursts

/** The most calls one burst may make; a burst bounded only by its duration asks for this many. */
export const MAX_BURST_CALLS = 10_000_000;

export const burstRequestSchema = z.object({
  schemaId: z.string().min(1),
  method: z.string().min(1),
  connection: connectionOptionsSchema,
  metadata: z.array(metadataEntrySchema).default([]),
  /** The request, encoded once and reused by every call. For client/bidi it is sent once per stream. */
  requestJson: z.string().default('{}'),
  deadlineMs: z.number().int().positive().optional(),
  total: z.number().int().positive().max(MAX_BURST_CALLS),
  concurrency: z.number().int().positive().max(10_000),
  /** One shared channel (what production clients do), a new channel per call, or K channels. */
  connections: z
    .union([z.literal('shared'), z.literal('per-call'), z.number().int().positive().max(1000)])
    .default('shared'),
  lbPolicy: lbPolicySchema.default('pick_first'),
  /** Name of a response header/trailer that names the backend (e.g. x-backend); default: the peer address. */
  backendKey: z.string().optional(),
  /** Backends the user expects (addresses or backendKey values), so zero-hit ones show as zero. */
  knownBackends: z.array(z.string()).default([]),
  ratePerSecond: z.number().positive().optional(),
  durationMs: z.number().int().positive().optional(),
});
export type BurstRequest = z.input<typeof burstRequestSchema>;
export type BurstRequestParsed = z.output<typeof burstRequestSchema>;

export interface BackendStats {
  id: string;
  /** Successful calls served by this backend. */
  hits: number;
  /** hits / all calls of the burst. */
  share: number;
  /** Failed calls attributed to this backend (it answered with a non-OK status). */
  errors: number;
  errorsByCode: Record<string, number>;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** Declared by the user or resolved from the target. */
  known: boolean;
}

export type VerdictKind = 'pinned' | 'balanced' | 'skewed' | 'failing';

export interface Verdict {
  kind: VerdictKind;
  /** One paragraph: what happened, why, and the fix. */
  text: string;
}

export interface BurstReport {
  calls: number;
  ok: number;
  /** Non-OK calls by code name. Σ backend hits + Σ errors = calls, always. */
  errors: Record<string, number>;
  qps: number;
  durationMs: number;
  backends: BackendStats[];
  knownBackends: string[];
  /**
   * How many transport connections carried the burst's calls: the subchannels that started calls
   * (one round_robin channel over 3 addresses = 3), or one per call with a channel per call.
   */
  connections: number;
  /** How many channels the burst used (shared: 1, K channels: K, per call: one per call). */
  channels?: number;
  verdict: Verdict;
  cancelled: boolean;
}

export type BurstEvent =
  | { type: 'burst-progress'; burstId: string; done: number; total: number; report: BurstReport }
  /**
   * Exactly one per started burst. `error` is set when the burst failed after it started (e.g. its
   * channel was shut down): `report` then holds what was counted until then (possibly nothing).
   */
  | { type: 'burst-end'; burstId: string; report: BurstReport; error?: EngineErrorInfo };

// ---------------------------------------------------------------------------------------------
// The service both hosts expose

export const watchChannelParamsSchema = z.object({ connection: connectionOptionsSchema });
export const watchIdParamsSchema = z.object({ watchId: z.string().min(1) });
export const burstIdParamsSchema = z.object({ burstId: z.string().min(1) });
export const describeMethodParamsSchema = z.object({ schemaId: z.string().min(1), method: z.string().min(1) });
export const serverChannelzParamsSchema = z.object({
  connection: connectionOptionsSchema,
  /** Sent with the channelz requests: servers often require auth for admin services. */
  metadata: z.array(metadataEntrySchema).default([]),
});

/** What the host knows about its environment, e.g. the demo lab `npm start` launched. */
export interface HostInfo {
  version: string;
  host: 'electron' | 'browser';
  lab?: { target: string; proxyTarget: string; backends: { name: string; address: string }[] };
}

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

export type WorkbenchEvent = CallEvent | ChannelEvent | BurstEvent;

/** Params schema of every operation; the keys are the operation names on the wire. */
export const operationParams = {
  hostInfo: z.object({}).default({}),
  loadSchema: schemaSourceSchema,
  describeMethod: describeMethodParamsSchema,
  startCall: invokeRequestSchema,
  sendMessage: sendMessageParamsSchema,
  halfClose: callIdParamsSchema,
  cancelCall: callIdParamsSchema,
  watchChannel: watchChannelParamsSchema,
  unwatchChannel: watchIdParamsSchema,
  serverChannelz: serverChannelzParamsSchema,
  startBurst: burstRequestSchema,
  cancelBurst: burstIdParamsSchema,
  exportMessages: callIdParamsSchema,
} as const;

export type OperationName = keyof typeof operationParams;

export interface OperationResults {
  hostInfo: HostInfo;
  loadSchema: SchemaLoadResult;
  describeMethod: MethodDescription;
  startCall: { callId: string };
  sendMessage: void;
  halfClose: void;
  cancelCall: void;
  watchChannel: { watchId: string; snapshot: ChannelSnapshot };
  unwatchChannel: void;
  serverChannelz: ServerChannelzReport;
  startBurst: { burstId: string };
  cancelBurst: void;
  exportMessages: MessagesExport;
}

export type OperationInput<K extends OperationName> = z.input<(typeof operationParams)[K]>;
export type OperationParsed<K extends OperationName> = z.output<(typeof operationParams)[K]>;

/** The service object a host implements once (main/engine) and every transport carries. */
export type WorkbenchApi = {
  [K in OperationName]: (params: OperationParsed<K>) => Promise<OperationResults[K]>;
};

/** What the renderer is given: the same operations, plus a way to hear events. */
export type WorkbenchClient = {
  [K in OperationName]: (params: OperationInput<K>) => Promise<OperationResults[K]>;
} & {
  onEvent(listener: (event: WorkbenchEvent) => void): () => void;
};

/** Validates params for an operation at a host boundary; throws a ZodError naming the bad field. */
export function parseOperationParams<K extends OperationName>(name: K, params: unknown): OperationParsed<K> {
  return operationParams[name].parse(params ?? {}) as OperationParsed<K>;
}

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(operationParams, name);
}

/** Errors cross the boundary as data, not as thrown class instances. */
export interface WireError {
  kind: EngineErrorKind;
  message: string;
  hint?: string;
  subject?: string;
}
