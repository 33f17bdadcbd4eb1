import { Channel } from '@grpc/grpc-js';
import type { ConnectionOptions, LbPolicy } from '../../../shared/api';
import { buildChannelOptions } from '../channel/channel-options';
import { createChannelCredentials } from '../channel/credentials';
import type { ChannelLease } from '../channel/pool';
import type { CallChannels } from './call-loop';
import { SubchannelUsage } from './subchannel-usage';
import { warmUp } from './warm-up';

/** What a burst used: channels it opened or shared, and transport connections (subchannels) that carried calls. */
export interface ChannelUsage {
  channels: number;
  connections: number;
}

/** The channels of one thread of a burst. */
export interface ChannelSource extends CallChannels {
  /**
   * Connects long-lived channels before the clock starts (per-call channels connect as part of
   * their call), and marks where the burst's own connection usage starts.
   */
  warmUp(): Promise<void>;
  /** After `callsStarted` calls were started on these channels. */
  usage(callsStarted: number): ChannelUsage;
  close(): void;
}

/**
 * How long a channel may take to connect when the request sets no connectTimeoutMs: the warm-up of
 * long-lived channels, and each call's wait for a transport (see CallWatchdog).
 */
export const DEFAULT_CONNECT_BUDGET_MS = 5_000;

/** The pool's shared channel (leased), or the burst's own channels. */
export async function openChannelSource(
  mode: 'shared' | OwnChannels,
  connection: ConnectionOptions,
  lease: ChannelLease,
): Promise<ChannelSource> {
  if (mode !== 'shared') return openOwnChannels(mode, connection);
  const shared = lease.client.getChannel() as Channel;
  return {
    ...longLivedUsage([shared], connection),
    channelFor: () => shared,
    afterCall: () => undefined,
    close: () => undefined,
  };
}

/** K channels, or a new channel per call. */
export type OwnChannels = 'per-call' | number;

/** Channels the burst opens itself (in this thread or a worker's): K long-lived ones, taken in turn, or one per call. */
export async function openOwnChannels(mode: OwnChannels, connection: ConnectionOptions): Promise<ChannelSource> {
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
    ...longLivedUsage(pinned, connection),
    channelFor: (index) => pinned[index % mode]!,
    afterCall: () => undefined,
    close: () => pinned.forEach((channel) => channel.close()),
  };
}

/** Long-lived channels: they connect before the clock starts, and channelz tells which of their subchannels carried calls. */
function longLivedUsage(
  channels: readonly Channel[],
  connection: ConnectionOptions,
): Pick<ChannelSource, 'warmUp' | 'usage'> {
  const lbPolicy: LbPolicy = connection.loadBalancingPolicy ?? 'pick_first';
  const warmUpMs = connection.connectTimeoutMs ?? DEFAULT_CONNECT_BUDGET_MS;
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
