import { availableParallelism } from 'node:os';
import type { DescMethod, Registry } from '@bufbuild/protobuf';
import type { BurstReport, BurstRequestParsed, ConnectionOptions } from '../../../shared/api';
import {
  BurstTally,
  buildBurstReport,
  mergeKnownBackends,
  type BurstForward,
  type BurstSetup,
} from '../../../shared/lens';
import { toGrpcMetadata } from '../rpc/metadata';
import { encodeRequestMessage } from '../rpc/request-encoding';
import { createChannelCredentials } from '../channel/credentials';
import { ChannelPool, type ChannelLease } from '../channel/pool';
import { WorkbenchError } from '../../../shared/api';
import { CallBudget } from './call-budget';
import { CallLoop, type CallLoopOptions } from './call-loop';
import { DEFAULT_CONNECT_BUDGET_MS, openChannelSource, type ChannelSource } from './channel-source';
import { decodesAs, type RawCallSpec } from './raw-call';
import { resolveTargetAddresses } from './target-addresses';
import { planWorkerThreads } from './thread-plan';
import { sharedClockMs, TokenBucket } from './token-bucket';
import { burstWorkerEntry } from './worker-entry';
import { outputTypeOf, PROGRESS_INTERVAL_MS } from './worker-protocol';
import { startWorkerRunner, type CallRunner, type RunnerEvents } from './worker-runner';

export { PROGRESS_INTERVAL_MS };

/** What a burst needs from a loaded schema. */
export interface BurstSchema {
  /** `package.Service/Method` or `package.Service.Method`; throws an WorkbenchError('unknown_method') when absent. */
  findMethod(method: string): DescMethod;
  /** Resolves Any and extensions while encoding the request. */
  registry: Registry;
}

export interface RunBurstOptions {
  request: BurstRequestParsed;
  schema: BurstSchema;
  /** The shared channel comes from here (so the channel panel sees it); a private pool otherwise. */
  pool?: ChannelPool;
  /** A snapshot report every PROGRESS_INTERVAL_MS while calls complete. */
  onProgress?: (report: BurstReport) => void;
  /** Aborting stops new calls and cancels the running ones; they count as CANCELLED. */
  signal?: AbortSignal;
  /** Set when the target is reached through port-forwards: backends are named by their pods. */
  forward?: ForwardedBurst;
  /**
   * Worker threads for the calls: 0 keeps them in this thread; default: planned from the cores and
   * the burst (thread-plan.ts). A shared burst always runs in this thread.
   */
  threads?: number;
  /** The worker's code; default: burstWorkerEntry() (the bench passes its own bundle). */
  workerEntry?: URL;
}

/** A burst through port-forwards: which pod a local address reaches, and the pods to expect. */
export interface ForwardedBurst {
  setup: BurstForward;
  namePeer: (peer: string) => string;
  /** The Service's endpoints, so a pod that got nothing shows as zero. */
  knownBackends: readonly string[];
}

/** Runs a burst to its end (all calls, the duration, or the abort) and reports it. */
export async function runBurst(options: RunBurstOptions): Promise<BurstReport> {
  const burst = await prepareBurst(options);
  return burst.run(options.onProgress, options.signal);
}

export interface PreparedBurst {
  /** Runs once; rejects with an WorkbenchError when the burst cannot go on (calls that fail are counted, not thrown). */
  run(onProgress?: (report: BurstReport) => void, signal?: AbortSignal): Promise<BurstReport>;
  /** What has been counted so far — all there is to report when `run` rejected. */
  report(): BurstReport;
  /** The worker threads the calls run in; 0: this thread. */
  readonly threads: number;
  /** Closes what preparing opened (channels, worker threads) when the burst will not run after all. */
  discard(): Promise<void>;
}

/**
 * Everything that can fail because of the user's input — the method, the request JSON, the target,
 * the TLS files — fails here, before the first call, with an WorkbenchError.
 */
export async function prepareBurst(options: Omit<RunBurstOptions, 'onProgress' | 'signal'>): Promise<PreparedBurst> {
  const { request } = options;
  const method = options.schema.findMethod(request.method);
  const spec: RawCallSpec = {
    path: `/${method.parent.typeName}/${method.name}`,
    payload: encodeRequestMessage(
      method.input,
      request.requestJson,
      { registry: options.schema.registry },
      'The burst request',
    ),
    metadata: toGrpcMetadata(request.metadata),
    deadlineMs: request.deadlineMs,
    backendKey: request.backendKey?.trim().toLowerCase() || undefined,
    decodes: decodesAs(method.output),
    ...(options.forward === undefined ? {} : { namePeer: options.forward.namePeer }),
  };
  const connection: ConnectionOptions = { ...request.connection, loadBalancingPolicy: request.lbPolicy };
  const resolvedAddresses = await resolveTargetAddresses(connection.target);
  // Resolved addresses only name backends when calls are identified by their peer address.
  const knownBackends = mergeKnownBackends(
    [...request.knownBackends, ...(options.forward?.knownBackends ?? [])],
    spec.backendKey === undefined
      ? (resolvedAddresses ?? []).map((address) => spec.namePeer?.(address) ?? address)
      : [],
  );
  const ownPool = options.pool === undefined ? new ChannelPool() : undefined;
  const pool = options.pool ?? ownPool!;
  // Acquiring the shared channel validates the target, service config and TLS files for every mode.
  const lease = await pool.acquire(connection);
  const setup: BurstSetup = {
    target: connection.target,
    connections: request.connections,
    lbPolicy: request.lbPolicy,
    resolvedAddresses,
    backendKey: spec.backendKey,
    ...(options.forward === undefined ? {} : { forward: options.forward.setup }),
  };
  const budget = new CallBudget(request.total);
  const burst = await BurstRun.open({ request, setup, knownBackends, budget }, (events) =>
    openRunner({ options, method, spec, connection, lease, budget, events }),
  ).catch((error: unknown) => {
    lease.release();
    ownPool?.closeAll();
    throw error;
  });
  const release = async (): Promise<void> => {
    await burst.close();
    lease.release();
    ownPool?.closeAll();
  };
  return {
    threads: burst.threads,
    run: (onProgress, signal) => burst.run(onProgress, signal).finally(release),
    report: () => burst.report(),
    discard: release,
  };
}

interface RunnerContext {
  options: Omit<RunBurstOptions, 'onProgress' | 'signal'>;
  method: DescMethod;
  spec: RawCallSpec;
  connection: ConnectionOptions;
  lease: ChannelLease;
  budget: CallBudget;
  events: RunnerEvents;
}

/**
 * The calls run in worker threads when the plan says so and the workers start; otherwise (a shared
 * burst, a small one, or workers that could not start) in this thread.
 */
async function openRunner(context: RunnerContext): Promise<{ runner: CallRunner; threads: number }> {
  const { options, spec, connection, budget, events } = context;
  const { request } = options;
  const connectBudgetMs = connection.connectTimeoutMs ?? DEFAULT_CONNECT_BUDGET_MS;
  const bucket =
    request.ratePerSecond === undefined ? undefined : new TokenBucket(request.ratePerSecond, 1, sharedClockMs());
  const shares = planWorkerThreads(request, availableParallelism(), options.threads);
  if (shares.length > 0) {
    // Bad TLS files fail here, as in this thread, not as a worker that does not start.
    await createChannelCredentials(connection.tls);
    const entry = options.workerEntry ?? (await burstWorkerEntry());
    try {
      if (entry === undefined) throw new Error('its code (burst-worker.js) is not beside the engine');
      const runner = await startWorkerRunner({
        entry,
        shares,
        setup: {
          connection,
          call: {
            path: spec.path,
            payload: spec.payload,
            metadata: request.metadata,
            ...(spec.deadlineMs === undefined ? {} : { deadlineMs: spec.deadlineMs }),
            ...(spec.backendKey === undefined ? {} : { backendKey: spec.backendKey }),
          },
          output: outputTypeOf(context.method.output),
          ...(bucket === undefined ? {} : { bucket: bucket.share() }),
          connectBudgetMs,
        },
        budget,
        nameBackend: (backend) => (spec.backendKey === undefined ? (spec.namePeer?.(backend) ?? backend) : backend),
        events,
      });
      return { runner, threads: shares.length };
    } catch (error) {
      process.emitWarning(
        `The burst runs in one thread: its worker threads did not start (${error instanceof Error ? error.message : String(error)}).`,
        { code: 'GRPC_WORKBENCH_BURST_THREADS' },
      );
    }
  }
  const channels = await openChannelSource(request.connections, connection, context.lease);
  const slots = Math.min(request.concurrency, request.total);
  return {
    runner: localRunner(channels, {
      spec,
      slots,
      budget,
      bucket,
      connectBudgetMs,
      target: connection.target,
      ...events,
    }),
    threads: 0,
  };
}

/** The calls in this thread: one CallLoop over the channel source. */
function localRunner(
  channels: ChannelSource,
  loop: Omit<CallLoopOptions, 'channels' | 'endAt' | 'onCall' | 'onStartFailure'> & RunnerEvents,
): CallRunner {
  let running: CallLoop | undefined;
  return {
    warmUp: () => channels.warmUp(),
    run: (endAt) => {
      running = new CallLoop({ ...loop, channels, endAt, onStartFailure: loop.onFailure });
      return running.run();
    },
    stop: () => running?.stop(),
    usage: () => channels.usage(running?.started ?? 0),
    close: async () => channels.close(),
  };
}

interface BurstContext {
  request: BurstRequestParsed;
  setup: BurstSetup;
  knownBackends: readonly string[];
  budget: CallBudget;
}

/** The running burst: its runner's calls counted into one tally, progress, the stop and the failure. */
class BurstRun {
  private readonly tally = new BurstTally();
  private runner!: CallRunner;
  threads = 0;
  private startedAt = 0;
  /** No new calls are started; set when the user cancels or the burst fails. */
  private stopping = false;
  /** The user cancelled (a failed burst is not "cancelled": it carries its error). */
  private cancelled = false;
  /** Why the burst could not go on, when it could not. */
  private failure: WorkbenchError | undefined;

  private constructor(private readonly context: BurstContext) {}

  static async open(
    context: BurstContext,
    openRunner: (events: RunnerEvents) => Promise<{ runner: CallRunner; threads: number }>,
  ): Promise<BurstRun> {
    const burst = new BurstRun(context);
    const { tally } = burst;
    const opened = await openRunner({
      onCall: (backend, failure, latencyMs) => {
        if (failure === undefined) tally.recordSuccess(backend, latencyMs);
        else tally.recordFailure(backend, failure, latencyMs);
      },
      onFailure: (error) => burst.fail(error),
    });
    burst.runner = opened.runner;
    burst.threads = opened.threads;
    return burst;
  }

  async run(onProgress?: (report: BurstReport) => void, signal?: AbortSignal): Promise<BurstReport> {
    await this.runner.warmUp();
    this.startedAt = performance.now();
    const { durationMs } = this.context.request;
    const endAt = durationMs === undefined ? Infinity : sharedClockMs() + durationMs;
    const onAbort = () => this.stop({ byUser: true });
    signal?.addEventListener('abort', onAbort, { once: true });
    let reportedCalls = -1;
    const progress =
      onProgress &&
      setInterval(() => {
        if (this.tally.calls === reportedCalls) return;
        reportedCalls = this.tally.calls;
        onProgress(this.report());
      }, PROGRESS_INTERVAL_MS);
    progress?.unref();
    if (signal?.aborted) onAbort();
    await this.runner.run(endAt);
    if (progress) clearInterval(progress);
    signal?.removeEventListener('abort', onAbort);
    if (this.failure !== undefined) throw this.failure;
    return this.report();
  }

  report(): BurstReport {
    const usage = this.runner.usage();
    return buildBurstReport(this.tally, {
      setup: this.context.setup,
      knownBackends: this.context.knownBackends,
      channelsUsed: usage.channels,
      connectionsUsed: usage.connections,
      durationMs: this.startedAt === 0 ? 0 : performance.now() - this.startedAt,
      cancelled: this.cancelled,
    });
  }

  close(): Promise<void> {
    return this.runner.close();
  }

  private fail(error: unknown): void {
    this.failure ??=
      error instanceof WorkbenchError
        ? error
        : new WorkbenchError(
            'connection',
            `The burst stopped after ${this.tally.calls} calls: ${error instanceof Error ? error.message : String(error)}`,
            {
              subject: this.context.setup.target,
              hint: 'grpc-js could not start another call on the channel (for example, it was closed while the burst ran); start the burst again.',
              cause: error,
            },
          );
    this.stop({ byUser: false });
  }

  private stop({ byUser }: { byUser: boolean }): void {
    if (this.stopping) return;
    this.stopping = true;
    this.cancelled = byUser;
    this.context.budget.stop();
    this.runner.stop();
  }
}
