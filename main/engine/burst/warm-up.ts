import { connectivityState, type Channel } from '@grpc/grpc-js';
import type { LbPolicy } from '../../../shared/api';
import { readChannelzTree } from '../channelz/channelz-tree';

const POLL_MS = 5;

/**
 * Connects a channel before the burst's clock starts, so calls/s and the spread describe the steady
 * state: pick_first until the channel is READY (or failing), round_robin until every subchannel has
 * connected or failed — otherwise the first calls all go to whichever address answered first.
 * Bounded by `timeoutMs`; a channel that is still connecting then just starts the burst as it is.
 */
export async function warmUp(channel: Channel, lbPolicy: LbPolicy, timeoutMs: number): Promise<void> {
  channel.getConnectivityState(true);
  const giveUpAt = Date.now() + timeoutMs;
  while (Date.now() < giveUpAt) {
    if (isSettled(channel, lbPolicy)) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function isSettled(channel: Channel, lbPolicy: LbPolicy): boolean {
  const state = channel.getConnectivityState(false);
  if (state === connectivityState.SHUTDOWN) return true;
  if (state !== connectivityState.READY && state !== connectivityState.TRANSIENT_FAILURE) return false;
  if (lbPolicy !== 'round_robin') return true;
  const tree = readChannelzTree(channel);
  return (
    tree === undefined || tree.subchannels.every((sub) => sub.state === 'READY' || sub.state === 'TRANSIENT_FAILURE')
  );
}
