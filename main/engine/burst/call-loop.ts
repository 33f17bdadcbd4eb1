import { status as grpcStatus, type Channel } from '@grpc/grpc-js';
import { statusName } from '../../../shared/status-codes';
import type { CallBudget } from './call-budget';
import { startRawCall, transportPeer, type RawCall, type RawCallSpec } from './raw-call';
import { sharedClockMs, type TokenBucket } from './token-bucket';

/** How a burst counts a call whose status was OK but whose response was not the method's output. */
export const UNDECODABLE_RESPONSE = 'UNDECODABLE_RESPONSE';

/** Hands each call its channel: the shared one, one of K, or a fresh one closed after the call. */
export interface CallChannels {
  channelFor(callIndex: number): Channel;
  afterCall(channel: Channel): void;
}

/**
 * A finished call: the backend that answered (undefined when none can be named, or when the burst
 * cancelled the call itself), the status code name when it failed (undefined when OK), its latency.
 */
export type CallOutcome = (backend: string | undefined, failure: string | undefined, latencyMs: number) => void;

export interface CallLoopOptions {
  spec: RawCallSpec;
  /** Calls this loop keeps in flight. */
  slots: number;
  channels: CallChannels;
  /** Shared by every loop of the burst: the calls left to make, and the stop. */
  budget: CallBudget;
  /** The rate limit, shared by every loop of the burst. */
  bucket: TokenBucket | undefined;
  /** No call starts at or after this time (sharedClockMs); Infinity without a duration. */
  endAt: number;
  /** How long a call without a deadline may wait for a transport (see failUnconnectedCalls). */
  connectBudgetMs: number;
  target: string;
  onCall: CallOutcome;
  /** grpc-js could not start a call (e.g. its channel was closed under the burst): the burst must stop. */
  onStartFailure: (error: unknown) => void;
}

/**
 * One thread's share of a burst: `slots` call slots, each starting its next call when the previous
 * one ends, while the shared budget lasts. A burst runs one loop in this thread, or one in each of
 * its worker threads.
 */
export class CallLoop {
  /** Calls this loop has taken from the budget: its channels' usage follows from it. */
  started = 0;
  private readonly inFlight: (RawCall | undefined)[];
  /** The channel and start time of each slot's call in flight, for the CallWatchdog. */
  private readonly inFlightChannel: (Channel | undefined)[];
  private readonly inFlightSince: number[];
  private readonly pendingStarts = new Set<NodeJS.Timeout>();
  private busySlots = 0;
  /** No new calls are started, and the calls still in flight were cancelled by us. */
  private stopped = false;
  private finish: () => void = () => undefined;

  constructor(private readonly options: CallLoopOptions) {
    this.inFlight = new Array<RawCall | undefined>(options.slots);
    this.inFlightChannel = new Array<Channel | undefined>(options.slots);
    this.inFlightSince = new Array<number>(options.slots).fill(0);
  }

  /** Starts every slot; resolves once each has retired (budget spent, duration over, or stopped). */
  async run(): Promise<void> {
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    const { spec, connectBudgetMs, slots } = this.options;
    const watchdog =
      spec.deadlineMs === undefined
        ? setInterval(() => this.failUnconnectedCalls(), watchdogIntervalMs(connectBudgetMs))
        : undefined;
    watchdog?.unref();
    this.busySlots = slots;
    if (slots === 0) this.finish();
    for (let slot = 0; slot < slots; slot++) this.next(slot);
    await done;
    if (watchdog) clearInterval(watchdog);
  }

  /** Starts no more calls and cancels the ones in flight: they count as CANCELLED, on no backend. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    // Calls waiting for the rate limit were never made: they are not counted.
    for (const timer of this.pendingStarts) {
      clearTimeout(timer);
      this.retire();
    }
    this.pendingStarts.clear();
    for (const call of this.inFlight) call?.cancelWithStatus(grpcStatus.CANCELLED, 'Burst cancelled');
  }

  /** Starts the slot's next call, now or when the rate limit allows, or retires the slot. */
  private next(slot: number): void {
    const { budget, bucket, endAt } = this.options;
    if (this.stopped || sharedClockMs() >= endAt || !budget.take()) {
      this.retire();
      return;
    }
    const callIndex = this.started++;
    const waitMs = bucket?.reserve(sharedClockMs()) ?? 0;
    if (waitMs <= 0) {
      this.start(slot, callIndex);
      return;
    }
    const timer = setTimeout(() => {
      this.pendingStarts.delete(timer);
      // The duration may have run out while this call waited for its token: then it is not made.
      if (sharedClockMs() >= endAt) {
        this.giveBack();
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
      this.giveBack();
      this.options.onStartFailure(error);
      this.retire();
    }
  }

  private giveBack(): void {
    this.started--;
    this.options.budget.giveBack();
  }

  private startCall(slot: number, callIndex: number): void {
    const { channels, spec, onCall } = this.options;
    const channel = channels.channelFor(callIndex);
    const callStartedAt = performance.now();
    let returned = false;
    this.inFlightChannel[slot] = channel;
    this.inFlightSince[slot] = callStartedAt;
    this.inFlight[slot] = startRawCall(channel, spec, (code, backend, undecodable) => {
      const latencyMs = performance.now() - callStartedAt;
      this.inFlight[slot] = undefined;
      this.inFlightChannel[slot] = undefined;
      channels.afterCall(channel);
      if (code === grpcStatus.OK) onCall(backend, undecodable ? UNDECODABLE_RESPONSE : undefined, latencyMs);
      // Calls we cancelled ourselves are not the backend's failure.
      else onCall(this.stopped && code === grpcStatus.CANCELLED ? undefined : backend, statusName(code), latencyMs);
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
    const { connectBudgetMs, target } = this.options;
    const startedBefore = performance.now() - connectBudgetMs;
    for (let slot = 0; slot < this.inFlight.length; slot++) {
      const call = this.inFlight[slot];
      const channel = this.inFlightChannel[slot];
      if (call === undefined || channel === undefined || this.inFlightSince[slot]! > startedBefore) continue;
      if (transportPeer(call, channel) === undefined) {
        call.cancelWithStatus(
          grpcStatus.UNAVAILABLE,
          `No connection to ${target} within ${connectBudgetMs} ms (the connect timeout)`,
        );
      }
    }
  }

  private retire(): void {
    this.busySlots--;
    if (this.busySlots === 0) this.finish();
  }
}

/** How often the CallWatchdog looks: often enough that a call overstays its budget by at most a quarter of it (and 250 ms). */
function watchdogIntervalMs(connectBudgetMs: number): number {
  return Math.min(250, Math.max(10, connectBudgetMs / 4));
}
