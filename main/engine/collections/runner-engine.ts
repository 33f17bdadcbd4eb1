/**
 * The port the runner needs from the engine: load a schema, make one call with a scripted input
 * stream, run a burst. The runner imports nothing else of the engine; engine-adapter.ts implements
 * this on today's service.
 */
import type { BurstOutcome, CallOutcome } from '../../../shared/collections/outcome';
import type { ChannelConnectionOptions } from '../../../shared/collections/channel-settings';
import type { TlsSetting } from '../../../shared/collections/request';

export type RunnerRpcKind = 'unary' | 'server_streaming' | 'client_streaming' | 'bidi_streaming';

/** A schema source with its paths already absolute. */
export type RunnerSchemaSource =
  | { kind: 'reflection' }
  | { kind: 'protoset'; file: string }
  | { kind: 'proto'; files: string[]; importPaths: string[] };

export interface RunnerConnection {
  target: string;
  /** TLS file paths absolute. */
  tls: TlsSetting;
  authority?: string;
  loadBalancingPolicy?: 'pick_first' | 'round_robin';
  serviceConfigJson?: string;
  /** The request's `channel` block, read (shared/collections/channel-settings.ts). */
  channel?: ChannelConnectionOptions;
}

export interface RunnerSchema {
  /** Opaque to the runner; handed back in calls. */
  id: string;
  /** Every method the sources know (`package.Service/Method`) with its kind. */
  methods: ReadonlyMap<string, RunnerRpcKind>;
  /** Sources that failed to load, as text; the others still count. */
  problems: string[];
}

/** One step of the input stream, ready to send. */
export type RunnerStep = { json: string } | { delayMs: number } | { waitReceived: number };

export interface RunnerCall {
  schema: RunnerSchema;
  method: string;
  connection: RunnerConnection;
  metadata: [string, string][];
  deadlineMs?: number;
  compression?: 'identity' | 'gzip';
}

export interface RunnerBurst extends RunnerCall {
  requestJson: string;
  calls: number;
  concurrency: number;
  connections: 'shared' | 'per-call' | number;
  backendKey?: string;
}

export interface RunnerEngine {
  /** Loads and merges the sources (reflection asks the connection); throws a WorkbenchError when none loads. */
  loadSchema(sources: readonly RunnerSchemaSource[], connection: RunnerConnection): Promise<RunnerSchema>;
  /** Makes the call, sending the steps in order then half-closing; never throws for a failed call. */
  call(call: RunnerCall, steps: readonly RunnerStep[], signal?: AbortSignal): Promise<CallOutcome>;
  /** Runs a burst of the call and reports the lens's view. */
  burst(burst: RunnerBurst, signal?: AbortSignal): Promise<BurstOutcome>;
}
