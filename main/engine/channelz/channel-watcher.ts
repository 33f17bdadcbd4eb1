import type { ChannelEvent, ChannelSnapshot, ConnectionOptions } from '../../../shared/api';
import type { Channel } from '@grpc/grpc-js';
import type { ChannelLease, ChannelPool } from '../channel/pool';
import { duplicateId } from '../ids';
import { readChannelzTree } from './channelz-tree';

/** How often a watched channel is looked at; an event goes out only when something changed. */
export const WATCH_INTERVAL_MS = 250;

/** The channel panel's view of a pooled channel: its state timeline plus channelz's subchannels and counters. */
export function channelSnapshot(lease: ChannelLease): ChannelSnapshot {
  const tree = readChannelzTree(lease.client.getChannel() as Channel);
  return {
    target: lease.target,
    state: lease.state(),
    timeline: [...lease.timeline()],
    subchannels: tree?.subchannels ?? [],
    callsStarted: tree?.callsStarted ?? 0,
    callsSucceeded: tree?.callsSucceeded ?? 0,
    callsFailed: tree?.callsFailed ?? 0,
  };
}

interface Watch {
  lease: ChannelLease;
  timer: NodeJS.Timeout;
  lastJson: string;
}

/**
 * watchChannel/unwatchChannel for the service. A watch holds a lease on the pooled channel — the
 * same channel calls and shared-channel bursts with equal options use — so the panel shows their
 * subchannels and counters live, and the channel stays open while someone looks at it.
 */
export class ChannelWatcher {
  private readonly watches = new Map<string, Watch>();

  constructor(
    private readonly pool: ChannelPool,
    private readonly emit: (event: ChannelEvent) => void,
    private readonly intervalMs: number = WATCH_INTERVAL_MS,
  ) {}

  async watchChannel(params: {
    watchId: string;
    connection: ConnectionOptions;
  }): Promise<{ watchId: string; snapshot: ChannelSnapshot }> {
    const { watchId } = params;
    if (this.watches.has(watchId)) throw duplicateId('channel watch', watchId);
    const lease = await this.pool.acquire(params.connection);
    if (this.watches.has(watchId)) {
      lease.release();
      throw duplicateId('channel watch', watchId);
    }
    const snapshot = channelSnapshot(lease);
    const watch: Watch = {
      lease,
      lastJson: JSON.stringify(snapshot),
      timer: setInterval(() => this.poll(watchId), this.intervalMs),
    };
    watch.timer.unref();
    this.watches.set(watchId, watch);
    return { watchId, snapshot };
  }

  /** Idempotent: a watch that already ended is simply gone. */
  unwatchChannel(params: { watchId: string }): void {
    const watch = this.watches.get(params.watchId);
    if (watch === undefined) return;
    clearInterval(watch.timer);
    watch.lease.release();
    this.watches.delete(params.watchId);
  }

  dispose(): void {
    for (const watchId of [...this.watches.keys()]) this.unwatchChannel({ watchId });
  }

  private poll(watchId: string): void {
    const watch = this.watches.get(watchId);
    if (watch === undefined) return;
    const snapshot = channelSnapshot(watch.lease);
    const json = JSON.stringify(snapshot);
    if (json === watch.lastJson) return;
    watch.lastJson = json;
    this.emit({ type: 'channel-state', watchId, snapshot });
    // A closed channel will not change again.
    if (snapshot.state === 'SHUTDOWN') this.unwatchChannel({ watchId });
  }
}
