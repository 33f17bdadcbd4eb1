import type { Channel } from '@grpc/grpc-js';
import { readChannelzTree } from '../channelz/channelz-tree';

/**
 * Counts the transport connections (grpc-js subchannels) of long-lived channels that carried calls
 * since `markStart` — so one round_robin channel over three addresses reports three connections.
 * Calls made on a pooled channel before the burst do not count: each subchannel's channelz
 * calls-started counter is compared with its value when the burst started.
 */
export class SubchannelUsage {
  private readonly baseline = new Map<string, number>();
  private lastCount: number | undefined;

  constructor(private readonly channels: readonly Channel[]) {}

  markStart(): void {
    for (const channel of this.channels) {
      for (const sub of readChannelzTree(channel)?.subchannels ?? []) this.baseline.set(sub.id, sub.callsStarted);
    }
  }

  /** Subchannels that started calls since `markStart`; the last count once the channels are closed; undefined without channelz. */
  count(): number | undefined {
    let used = 0;
    let readable = false;
    for (const channel of this.channels) {
      const tree = readChannelzTree(channel);
      if (tree === undefined) continue;
      readable = true;
      used += tree.subchannels.filter((sub) => sub.callsStarted > (this.baseline.get(sub.id) ?? 0)).length;
    }
    if (readable) this.lastCount = used;
    return this.lastCount;
  }
}
