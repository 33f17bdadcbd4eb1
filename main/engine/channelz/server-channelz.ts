import { Metadata, status as grpcStatus, type Client, type ServiceError } from '@grpc/grpc-js';
import { create, fromBinary, toBinary, type DescMessage, type MessageInitShape, type MessageShape } from '@bufbuild/protobuf';
import type { ConnectionOptions, ConnectivityStateName } from '../../../shared/api/contract';
import { statusName } from '../../../shared/status-codes';
import type { ChannelPool } from '../channel/pool';
import {
  ChannelConnectivityState_State,
  Channelz,
  type Channel as ChannelzChannel,
  type Server as ChannelzServer,
} from '../gen/grpc/channelz/v1/channelz_pb';

const QUERY_DEADLINE_MS = 5_000;

export interface ServerChannelzEntry {
  id: string;
  name: string;
  callsStarted: number;
  callsSucceeded: number;
  callsFailed: number;
  listenSockets: string[];
}

export interface TopChannelEntry {
  id: string;
  name: string;
  target: string;
  state: ConnectivityStateName | 'UNKNOWN';
  callsStarted: number;
  callsSucceeded: number;
  callsFailed: number;
  subchannelCount: number;
}

export interface ServerChannelzReport {
  /** False when the server offers no grpc.channelz.v1 service (or refused to answer). */
  available: boolean;
  /** Why it is not available: the status of the failed query. */
  reason?: string;
  servers: ServerChannelzEntry[];
  /** The server process's own outgoing channels (e.g. to its upstreams). */
  topChannels: TopChannelEntry[];
}

/**
 * Asks the server's own grpc.channelz.v1 service (GetServers, GetTopChannels) what it sees — its
 * call counters and its listen sockets. Through an L4 proxy the answer comes from whichever backend
 * the channel's connection reached.
 */
export async function queryServerChannelz(params: { pool: ChannelPool; connection: ConnectionOptions }): Promise<ServerChannelzReport> {
  const lease = await params.pool.acquire(params.connection);
  try {
    const servers = await callUnary(lease.client, Channelz.method.getServers, { startServerId: 0n });
    const channels = await callUnary(lease.client, Channelz.method.getTopChannels, { startChannelId: 0n });
    return { available: true, servers: servers.server.map(serverEntry), topChannels: channels.channel.map(channelEntry) };
  } catch (error) {
    const code = (error as Partial<ServiceError>).code;
    if (code === undefined) throw error;
    const reason =
      code === grpcStatus.UNIMPLEMENTED
        ? 'The server does not offer grpc.channelz.v1.Channelz.'
        : `The channelz query failed: ${statusName(code)}: ${(error as ServiceError).details}`;
    return { available: false, reason, servers: [], topChannels: [] };
  } finally {
    lease.release();
  }
}

function serverEntry(server: ChannelzServer): ServerChannelzEntry {
  return {
    id: String(server.ref?.serverId ?? 0n),
    name: server.ref?.name ?? '',
    callsStarted: Number(server.data?.callsStarted ?? 0n),
    callsSucceeded: Number(server.data?.callsSucceeded ?? 0n),
    callsFailed: Number(server.data?.callsFailed ?? 0n),
    listenSockets: server.listenSocket.map((socket) => socket.name || String(socket.socketId)),
  };
}

function channelEntry(channel: ChannelzChannel): TopChannelEntry {
  const state = channel.data?.state?.state ?? ChannelConnectivityState_State.UNKNOWN;
  return {
    id: String(channel.ref?.channelId ?? 0n),
    name: channel.ref?.name ?? '',
    target: channel.data?.target ?? '',
    state: ChannelConnectivityState_State[state] as TopChannelEntry['state'],
    callsStarted: Number(channel.data?.callsStarted ?? 0n),
    callsSucceeded: Number(channel.data?.callsSucceeded ?? 0n),
    callsFailed: Number(channel.data?.callsFailed ?? 0n),
    subchannelCount: channel.subchannelRef.length,
  };
}

interface UnaryMethod<I extends DescMessage, O extends DescMessage> {
  name: string;
  parent: { typeName: string };
  input: I;
  output: O;
}

function callUnary<I extends DescMessage, O extends DescMessage>(
  client: Client,
  method: UnaryMethod<I, O>,
  request: MessageInitShape<I>,
): Promise<MessageShape<O>> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      `/${method.parent.typeName}/${method.name}`,
      (message: MessageShape<I>) => Buffer.from(toBinary(method.input, message)),
      (bytes: Buffer) => fromBinary(method.output, bytes),
      create(method.input, request),
      new Metadata(),
      { deadline: Date.now() + QUERY_DEADLINE_MS },
      (error, response) => (error || response === undefined ? reject(error) : resolve(response)),
    );
  });
}
