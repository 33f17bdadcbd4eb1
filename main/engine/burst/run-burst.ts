import { Channel, status as grpcStatus } from '@grpc/grpc-js';
import { fromBinary, type DescMethod, type Registry } from '@bufbuild/protobuf';
import type { BurstReport, BurstRequestParsed, ConnectionOptions, LbPolicy } from '../../../shared/api';
import {
  BurstTally,
  buildBurstReport,
  mergeKnownBackends,
  type BurstForward,
  type BurstSetup,
} from '../../../shared/lens';
import { statusName } from '../../../shared/status-codes';
import { toGrpcMetadata } from '../rpc/metadata';
import { encodeRequestMessage } from '../rpc/request-encoding';
import { buildChannelOptions } from '../channel/channel-options';
import { createChannelCredentials } from '../channel/credentials';
import { ChannelPool, type ChannelLease } from '../channel/pool';
import { WorkbenchError } from '../../../shared/api';
import { startRawCall, transportPeer, type RawCall, type RawCallSpec } from './raw-call';
import { SubchannelUsage } from './subchannel-usage';
import { resolveTargetAddresses } from './target-addresses';
import { TokenBucket } from './token-bucket';
import { warmUp } from './warm-up';

/** How a burst counts a call whose status was OK but whose response was not the method's output. */
const UNDECODABLE_RESPONSE = 'UNDECODABLE_RESPONSE';

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
}

/** A burst through port-forwards: which pod a local address reaches, and the pods to expect. */
export interface ForwardedBurst {
  setup: BurstForward;
  namePeer: (peer: string) => string;
  /** The Service's endpoints, so a pod that got nothing shows as zero. */
  knownBackends: readonly string[];
}

export const PROGRESS_INTERVAL_MS = 100;
/**
 * How long a channel may take to connect when the request sets no connectTimeoutMs: the warm-up of
 * long-lived channels, and each call's wait for a transport (see CallWatchdog).
 */
const DEFAULT_CONNECT_BUDGET_MS = 5_000;

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
}

/**
 * Everything that can fail because of the user's input — the method, the request JSON, the target,
 * the TLS files — fails here, before the first call, with an WorkbenchError.
 */
export async function prepareBurst(
  options: Pick<RunBurstOptions, 'request' | 'schema' | 'pool' | 'forward'>,
): Promise<PreparedBurst> {
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
    // A single call with such an answer fails; a burst must not count it as OK.
    decodes: (bytes) => {
      try {
        fromBinary(method.output, bytes);
        return true;
      } catch {
        return false;
      }
    },
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
  const channels = await openChannelSource(request.connections, connection, lease).catch((error: unknown) => {
    lease.release();
    ownPool?.closeAll();
    throw error;
  });
  const setup: BurstSetup = {
    target: connection.target,
    connections: request.connections,
    lbPolicy: request.lbPolicy,
    resolvedAddresses,
    backendKey: spec.backendKey,
    ...(options.forward === undefined ? {} : { forward: options.forward.setup }),
  };
  const connectBudgetMs = connection.connectTimeoutMs ?? DEFAULT_CONNECT_BUDGET_MS;
  const burst = new BurstRun(request, spec, channels, setup, knownBackends, connectBudgetMs);
  return {
    run: (onProgress, signal) =>
      burst.run(onProgress, signal).finally(() => {
        channels.close();
        lease.release();
        ownPool?.closeAll();
      }),
    report: () => burst.report(),
  };
}

/** What the burst used: channels it opened or shared, and transport connections (subchannels) that carried calls. */
interface ChannelUsage {
  channels: number;
  connections: number;
}

/** Hands each call its channel: the shared one, one of K, or a fresh one closed after the call. */
interface ChannelSource {
  /**
   * Connects long-lived channels before the clock starts (per-call channels connect as part of
   * their call), and marks where the burst's own connection usage starts.
   */
  warmUp(): Promise<void>;
  channelFor(callIndex: number): Channel;
  afterCall(channel: Channel): void;
  usage(callsStarted: number): ChannelUsage;
  close(): void;
}

/** Long-lived channels: they connect before the clock starts, and channelz tells which of their subchannels carried calls. */
function longLivedUsage(
  channels: readonly Channel[],
  lbPolicy: LbPolicy,
  warmUpMs: number,
): Pick<ChannelSource, 'warmUp' | 'usage'> {
  const subchannels = new SubchannelUsage(channels);
  return {
    warmUp: async () => {
      await Promise.all(channels.map((channel) => warmUp(channel, lbPolicy, warmUpMs)));
      subchannels.markStart();
    },
    usage: (callsStarted) => {
      const used = Math.min(callsStarted, channels.length);
      return { channels: used, connections: subchannels.count() ?? used };
    },
  };
}

async function openChannelSource(
  mode: BurstRequestParsed['connections'],
  connection: ConnectionOptions,
  lease: ChannelLease,
): Promise<ChannelSource> {
  const lbPolicy = connection.loadBalancingPolicy ?? 'pick_first';
  const warmUpMs = connection.connectTimeoutMs ?? DEFAULT_CONNECT_BUDGET_MS;
  if (mode === 'shared') {
    const shared = lease.client.getChannel() as Channel;
    return {
      ...longLivedUsage([shared], lbPolicy, warmUpMs),
      channelFor: () => shared,
      afterCall: () => undefined,
      close: () => undefined,
    };
  }
  const credentials = await createChannelCredentials(connection.tls);
  const channelOptions = buildChannelOptions(connection);
  const open = () => new Channel(connection.target, credentials, channelOptions);
  if (mode === 'per-call') {
    return {
      warmUp: async () => undefined,
      channelFor: open,
      afterCall: (channel) => channel.close(),
      // Each call's channel sends it over exactly one connection, whatever the policy.
      usage: (n) => ({ channels: n, connections: n }),
      close: () => undefined,
    };
  }
  const pinned = Array.from({ length: mode }, open);
  return {
    ...longLivedUsage(pinned, lbPolicy, warmUpMs),
    channelFor: (index) => pinned[index % mode]!,
    afterCall: () => undefined,
    close: () => pinned.forEach((channel) => channel.close()),
  };
}

/** The running burst: `concurrency` slots, each starting its next call when the previous one ends. */
class BurstRun {
  private readonly tally = new BurstTally();
  private readonly inFlight: (RawCall | undefined)[];
  /** The channel and start time of each slot's call in flight, for the CallWatchdog. */
  private readonly inFlightChannel: (Channel | undefined)[];
  private readonly inFlightSince: number[];
  private readonly bucket: TokenBucket | undefined;
  private readonly pendingStarts = new Set<NodeJS.Timeout>();
  private reserved = 0;
  private busySlots = 0;
  private startedAt = 0;
  private endAt = Infinity;
  /** No new calls are started; set when the user cancels or the burst fails. */
  private aborted = false;
  /** The user cancelled (a failed burst is not "cancelled": it carries its error). */
  private cancelled = false;
  /** Why the burst could not go on, when it could not. */
  private failure: WorkbenchError | undefined;
  private finish: () => void = () => undefined;

  constructor(
    private readonly request: BurstRequestParsed,
    private readonly spec: RawCallSpec,
    private readonly channels: ChannelSource,
    private readonly setup: BurstSetup,
    private readonly knownBackends: readonly string[],
    private readonly connectBudgetMs: number,
  ) {
    this.inFlight = new Array<RawCall | undefined>(request.concurrency);
    this.inFlightChannel = new Array<Channel | undefined>(request.concurrency);
    this.inFlightSince = new Array<number>(request.concurrency).fill(0);
    this.bucket =
      request.ratePerSecond === undefined ? undefined : new TokenBucket(request.ratePerSecond, 1, performance.now());
  }

  async run(onProgress?: (report: BurstReport) => void, signal?: AbortSignal): Promise<BurstReport> {
    await this.channels.warmUp();
    this.startedAt = performance.now();
    if (this.request.durationMs !== undefined) this.endAt = this.startedAt + this.request.durationMs;
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    const onAbort = () => this.abort({ byUser: true });
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
    const watchdog =
      this.spec.deadlineMs === undefined
        ? setInterval(() => this.failUnconnectedCalls(), watchdogIntervalMs(this.connectBudgetMs))
        : undefined;
    watchdog?.unref();

    const slots = Math.min(this.request.concurrency, this.request.total);
    this.busySlots = slots;
    if (signal?.aborted) onAbort();
    for (let slot = 0; slot < slots; slot++) this.next(slot);
    await done;

    if (progress) clearInterval(progress);
    if (watchdog) clearInterval(watchdog);
    signal?.removeEventListener('abort', onAbort);
    if (this.failure !== undefined) throw this.failure;
    return this.report();
  }

  report(): BurstReport {
    const usage = this.channels.usage(this.reserved);
    return buildBurstReport(this.tally, {
      setup: this.setup,
      knownBackends: this.knownBackends,
      channelsUsed: usage.channels,
      connectionsUsed: usage.connections,
      durationMs: this.startedAt === 0 ? 0 : performance.now() - this.startedAt,
      cancelled: this.cancelled,
    });
  }

  /** Starts the slot's next call, now or when the rate limit allows, or retires the slot. */
  private next(slot: number): void {
    if (this.aborted || this.reserved >= this.request.total || performance.now() >= this.endAt) {
      this.retire();
      return;
    }
    const callIndex = this.reserved++;
    const waitMs = this.bucket?.reserve(performance.now()) ?? 0;
    if (waitMs <= 0) {
      this.start(slot, callIndex);
      return;
    }
    const timer = setTimeout(() => {
      this.pendingStarts.delete(timer);
      // The duration may have run out while this call waited for its token: then it is not made.
      if (performance.now() >= this.endAt) {
        this.reserved--;
        this.retire();
      } else {
        this.start(slot, callIndex);
      }
    }, waitMs);
    this.pendingStarts.add(timer);
  }

  private start(slot: number, callIndex: number): void {
    try {
      this.startCall(slot, callIndex);
    } catch (error) {
      // grpc-js throws when it cannot start a call at all, e.g. on a channel shut down under the
      // burst. This mostly runs inside another call's status callback, where the throw would escape
      // as an uncaught exception and the burst would never end: stop the burst with the error instead.
      this.reserved--;
      this.fail(error);
      this.retire();
    }
  }

  private startCall(slot: number, callIndex: number): void {
    const channel = this.channels.channelFor(callIndex);
    const callStartedAt = performance.now();
    let returned = false;
    this.inFlightChannel[slot] = channel;
    this.inFlightSince[slot] = callStartedAt;
    this.inFlight[slot] = startRawCall(channel, this.spec, (code, backend, undecodable) => {
      const latencyMs = performance.now() - callStartedAt;
      this.inFlight[slot] = undefined;
      this.inFlightChannel[slot] = undefined;
      this.channels.afterCall(channel);
      if (code === grpcStatus.OK && undecodable) this.tally.recordFailure(backend, UNDECODABLE_RESPONSE, latencyMs);
      else if (code === grpcStatus.OK) this.tally.recordSuccess(backend, latencyMs);
      // Calls we cancelled ourselves are not the backend's failure.
      else
        this.tally.recordFailure(
          this.aborted && code === grpcStatus.CANCELLED ? undefined : backend,
          statusName(code),
          latencyMs,
        );
      // A status delivered while the call is still being started must not recurse into the next start.
      if (returned) this.next(slot);
      else setImmediate(() => this.next(slot));
    });
    returned = true;
  }

  /**
   * The CallWatchdog. A call without a deadline could otherwise wait for a transport forever: a
   * server that accepts TCP but never speaks HTTP/2 keeps the channel CONNECTING, and grpc-js queues
   * the call. So, like a single call, a burst call gets the connect budget (connectTimeoutMs) to
   * reach a transport and then fails UNAVAILABLE; once it has one, the server may take as long as it
   * likes (long streams are legitimate). Calls with a deadline are bounded by it instead. One sweep
   * over the slots every few ms keeps per-call bookkeeping at two array writes.
   */
  private failUnconnectedCalls(): void {
    const startedBefore = performance.now() - this.connectBudgetMs;
    for (let slot = 0; slot < this.inFlight.length; slot++) {
      const call = this.inFlight[slot];
      const channel = this.inFlightChannel[slot];
      if (call === undefined || channel === undefined || this.inFlightSince[slot]! > startedBefore) continue;
      if (transportPeer(call, channel) === undefined) {
        call.cancelWithStatus(
          grpcStatus.UNAVAILABLE,
          `No connection to ${this.setup.target} within ${this.connectBudgetMs} ms (the connect timeout)`,
        );
      }
    }
  }

  private retire(): void {
    this.busySlots--;
    if (this.busySlots === 0) this.finish();
  }

  private fail(error: unknown): void {
    this.failure ??=
      error instanceof WorkbenchError
        ? error
        : new WorkbenchError(
            'connection',
            `The burst stopped after ${this.tally.calls} calls: ${error instanceof Error ? error.message : String(error)}`,
            {
              subject: this.setup.target,
              hint: 'grpc-js could not start another call on the channel (for example, it was closed while the burst ran); start the burst again.',
              cause: error,
            },
          );
    this.abort({ byUser: false });
  }

  private abort({ byUser }: { byUser: boolean }): void {
    if (this.aborted) return;
    this.aborted = true;
    this.cancelled = byUser;
    // Calls waiting for the rate limit were never made: they are not counted.
    for (const timer of this.pendingStarts) {
      clearTimeout(timer);
      this.retire();
    }
    this.pendingStarts.clear();
    for (const call of this.inFlight) call?.cancelWithStatus(grpcStatus.CANCELLED, 'Burst cancelled');
  }
}

/** How often the CallWatchdog looks: often enough that a call overstays its budget by at most a quarter of it (and 250 ms). */
function watchdogIntervalMs(connectBudgetMs: number): number {
  return Math.min(250, Math.max(10, connectBudgetMs / 4));
}
