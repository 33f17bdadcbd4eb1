import { getChannelzHandlers, type Channel } from '@grpc/grpc-js';
import type { ConnectivityStateName, SubchannelInfo } from '../../../shared/api';
import { connectivityStates } from '../../../shared/api';

/**
 * Reads a channel's own channelz entry and its subchannels from grpc-js, in process, through the
 * handlers grpc-js exports for its channelz service (the supported way to reach these counters).
 * The handlers answer synchronously; we call them with the request shape they expect.
 */

interface ProtoTimestamp {
  seconds: string | number;
  nanos: number;
}

interface ChannelzData {
  target: string;
  state: { state: string };
  calls_started: number | string;
  calls_succeeded: number | string;
  calls_failed: number | string;
  trace?: { events: { description: string; timestamp: ProtoTimestamp | null }[] };
}

interface ChannelMessage {
  data: ChannelzData;
  subchannel_ref: { subchannel_id: number | string; name: string }[];
}

interface SubchannelMessage {
  ref: { subchannel_id: number | string };
  data: ChannelzData;
}

export interface ChannelzTree {
  target: string;
  state: ConnectivityStateName;
  callsStarted: number;
  callsSucceeded: number;
  callsFailed: number;
  subchannels: SubchannelInfo[];
}

type UnaryHandler = (
  call: { request: Record<string, unknown> },
  callback: (error: unknown, value?: unknown) => void,
) => void;

function callHandler<T>(handler: unknown, request: Record<string, unknown>): T | undefined {
  let result: T | undefined;
  (handler as UnaryHandler)({ request }, (error, value) => {
    if (!error) result = value as T;
  });
  return result;
}

/** The channel's channelz view, or undefined when channelz has no entry for it (closed, or channelz disabled). */
export function readChannelzTree(channel: Channel): ChannelzTree | undefined {
  const handlers = getChannelzHandlers();
  const channelId = channel.getChannelzRef().id;
  const response = callHandler<{ channel: ChannelMessage }>(handlers.GetChannel, { channel_id: String(channelId) });
  if (response === undefined) return undefined;
  const subchannels: SubchannelInfo[] = [];
  for (const ref of response.channel.subchannel_ref) {
    const sub = callHandler<{ subchannel: SubchannelMessage }>(handlers.GetSubchannel, {
      subchannel_id: String(ref.subchannel_id),
    });
    if (sub === undefined) continue;
    const data = sub.subchannel.data;
    subchannels.push({
      id: String(ref.subchannel_id),
      address: data.target,
      state: stateName(data.state.state),
      callsStarted: Number(data.calls_started),
      callsSucceeded: Number(data.calls_succeeded),
      callsFailed: Number(data.calls_failed),
      lastChangeAt: lastStateChangeAt(data),
    });
  }
  const data = response.channel.data;
  return {
    target: data.target,
    state: stateName(data.state.state),
    callsStarted: Number(data.calls_started),
    callsSucceeded: Number(data.calls_succeeded),
    callsFailed: Number(data.calls_failed),
    subchannels,
  };
}

function stateName(state: string): ConnectivityStateName {
  return (connectivityStates as readonly string[]).includes(state) ? (state as ConnectivityStateName) : 'IDLE';
}

/** grpc-js logs "Connectivity state change to X" (and "Subchannel created") in each subchannel's trace. */
function lastStateChangeAt(data: ChannelzData): number | undefined {
  const events = data.trace?.events ?? [];
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.timestamp && /state change|created/i.test(event.description)) {
      return Number(event.timestamp.seconds) * 1000 + Math.floor(event.timestamp.nanos / 1e6);
    }
  }
  return undefined;
}
