import type { BurstRequestParsed } from '../../../shared/api';
import { MAX_PARTS } from './call-budget';
import type { ThreadShare } from './worker-runner';

/** Worker threads one burst uses at most: each is a Node isolate with its own grpc-js (tens of MB). */
export const MAX_BURST_THREADS = MAX_PARTS;
/** Below this many calls a burst runs in this thread: starting workers (0.1–0.3 s) costs more than it saves. */
export const MIN_CALLS_FOR_THREADS = 2_000;

export type ThreadPlanRequest = Pick<
  BurstRequestParsed,
  'connections' | 'concurrency' | 'total' | 'durationMs' | 'ratePerSecond'
>;

/**
 * How a burst's channels and call slots are split over worker threads; empty: it runs in this
 * thread. The split never changes the connections the user asked for — a channel (so its
 * connections) lives in one thread:
 * - a shared burst uses the pool's channel, which is this thread's: it always runs here;
 * - K channels are split over the threads (K = 3 over 2 threads: 1 + 2), the slots in proportion to
 *   the channels, and the calls exactly as in one thread, where call i goes to channel i mod K: each
 *   worker makes the calls of its channels (`calls`) and takes its channels in turn, so every channel
 *   carries the same number of calls whichever worker is faster. (A burst that ends by its duration
 *   first ends each worker's share early: then the faster worker's channels carry a few more.)
 * - per-call channels go with their calls: only the slots are split.
 * `threads` overrides the default (one per core, at most MAX_BURST_THREADS, for bursts of at least
 * MIN_CALLS_FOR_THREADS calls); 0 keeps the burst in this thread.
 */
export function planWorkerThreads(request: ThreadPlanRequest, cores: number, threads?: number): ThreadShare[] {
  const { connections } = request;
  if (connections === 'shared') return [];
  const slots = Math.min(request.concurrency, request.total);
  const wanted = threads ?? (expectedCalls(request) < MIN_CALLS_FOR_THREADS ? 0 : Math.min(MAX_BURST_THREADS, cores));
  const fewest = threads === undefined ? 2 : 1;
  if (connections === 'per-call') {
    const count = Math.min(wanted, slots);
    return count < fewest
      ? []
      : Array.from({ length: count }, (_, i) => ({ channels: 'per-call', slots: part(slots, count, i) }));
  }
  for (let count = Math.min(wanted, connections, slots); count >= fewest; count--) {
    const shares = Array.from({ length: count }, (_, i) => {
      const channelsBefore = cut(connections, count, i);
      const channelsUpTo = cut(connections, count, i + 1);
      return {
        channels: channelsUpTo - channelsBefore,
        slots: Math.floor((slots * channelsUpTo) / connections) - Math.floor((slots * channelsBefore) / connections),
        calls: callsOfChannels(request.total, connections, channelsBefore, channelsUpTo),
      };
    });
    if (shares.every((share) => share.slots > 0)) return shares;
  }
  return [];
}

/** How many calls the burst will make at most: its total, or fewer when a rate limits a duration. */
function expectedCalls({ total, durationMs, ratePerSecond }: ThreadPlanRequest): number {
  if (durationMs === undefined || ratePerSecond === undefined) return total;
  return Math.min(total, 1 + (ratePerSecond * durationMs) / 1000);
}

/** The calls of channels [from, to) when call i goes to channel i mod `channels`. */
function callsOfChannels(total: number, channels: number, from: number, to: number): number {
  const remainder = total % channels;
  return (to - from) * Math.floor(total / channels) + Math.max(0, Math.min(to, remainder) - from);
}

/** Where the i-th of `parts` even parts of `whole` starts. */
function cut(whole: number, parts: number, i: number): number {
  return Math.floor((whole * i) / parts);
}

function part(whole: number, parts: number, i: number): number {
  return cut(whole, parts, i + 1) - cut(whole, parts, i);
}
