/** Contract domain `lens`: the load-balancing lens — channel watches, server channelz, bursts. */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import { clientIdSchema, connectionOptionsSchema, lbPolicySchema, metadataEntrySchema } from './connection';
import type { WorkbenchErrorData } from './errors';

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

/** The watch id is the client's, like a call id: it subscribes to it before it starts watching. */
export const watchChannelParamsSchema = lazySchema(() =>
  z.object({ watchId: clientIdSchema, connection: connectionOptionsSchema }),
);
export const watchIdParamsSchema = lazySchema(() => z.object({ watchId: z.string().min(1) }));

export const serverChannelzParamsSchema = lazySchema(() =>
  z.object({
    connection: connectionOptionsSchema,
    /** Sent with the channelz requests: servers often require auth for admin services. */
    metadata: z.array(metadataEntrySchema).default([]),
    deadlineMs: z.number().int().positive().optional(),
  }),
);

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
  /** The calls the query itself made on the pooled channel for `target` (they count in its counters). */
  queryCalls: number;
}

/** The most calls one burst may make; a burst bounded only by its duration asks for this many. */
export const MAX_BURST_CALLS = 10_000_000;

export const burstRequestSchema = lazySchema(() =>
  z.object({
    /** Chosen by the client, unique among its running bursts; every event of the burst carries it. */
    burstId: clientIdSchema,
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
    /**
     * How a k8s:// target is reached: per-pod (default: one forward per Ready pod, round_robin over
     * them, backends named by pod) or single (one forward, as kubectl port-forward: pinned to one pod).
     */
    forwardMode: z.enum(['per-pod', 'single']).optional(),
  }),
);
export type BurstRequest = z.input<typeof burstRequestSchema>;
export type BurstRequestParsed = z.output<typeof burstRequestSchema>;

export const burstIdParamsSchema = lazySchema(() => z.object({ burstId: z.string().min(1) }));

export interface BackendStats {
  id: string;
  /** Every call this backend answered, whatever its status (hits + errors): zero means no call reached it. */
  calls: number;
  /** Successful calls served by this backend. */
  hits: number;
  /** calls / all calls of the burst: a backend failing every call still has its share. */
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
  /** One paragraph: what happened, why, and the fix; names settings as `{{settingId}}` (render with nameSettings). */
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
  | { type: 'burst-end'; burstId: string; report: BurstReport; error?: WorkbenchErrorData };

//
