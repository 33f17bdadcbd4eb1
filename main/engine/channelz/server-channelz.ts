import { status as grpcStatus, type Client, type Metadata, type ServiceError } from '@grpc/grpc-js';
import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import type {
  ChannelzServerInfo,
  ConnectionOptions,
  MetadataEntry,
  ServerChannelzReport,
  ServerSocketInfo,
} from '../../../shared/api';
import { statusName } from '../../../shared/status-codes';
import { toGrpcMetadata } from '../rpc/metadata';
import { explainTransportFailure, type FailureContext } from '../rpc/transport-errors';
import type { ChannelPool } from '../channel/pool';
import { WorkbenchError } from '../../../shared/api';
import { connectOrThrow } from '../channel/await-connection';
import { Channelz, type Server as ChannelzServer, type SocketRef } from '../gen/grpc/channelz/v1/channelz_pb';
import { formatChannelzAddress } from './socket-address';

/** Default for the whole query, every page and socket included. */
const DEFAULT_QUERY_DEADLINE_MS = 10_000;
/** Servers per process are few; this only bounds the paging. */
const MAX_SERVERS = 100;
/** Connections listed per server; a busy server's others are summarised as `socketsTruncated`. */
const MAX_SOCKETS_PER_SERVER = 500;

export interface ServerChannelzParams {
  pool: ChannelPool;
  connection: ConnectionOptions;
  metadata?: readonly MetadataEntry[];
  /** For the whole query; default 10 s. */
  deadlineMs?: number;
}

/** One channelz request on the query's channel, metadata and deadline. */
type Ask = <I extends DescMessage, O extends DescMessage>(
  method: UnaryMethod<I, O>,
  request: MessageInitShape<I>,
) => Promise<MessageShape<O>>;

/**
 * Asks the server's own grpc.channelz.v1 service what it sees: its servers' call counters, their
 * listen sockets, and every open connection with its remote address and stream counters — so a
 * user sees from the server side that one connection carries all calls. The query travels on the
 * pooled channel for `connection`, so its requests show up there as a few more streams: the report
 * says how many (`queryCalls`), so the channel panel can tell them from the user's calls.
 * Throws WorkbenchError when the server offers no channelz or cannot be reached.
 */
export async function queryServerChannelz(params: ServerChannelzParams): Promise<ServerChannelzReport> {
  const metadata = toGrpcMetadata(params.metadata ?? []);
  const lease = await params.pool.acquire(params.connection);
  const startedAt = Date.now();
  const deadlineMs = params.deadlineMs ?? DEFAULT_QUERY_DEADLINE_MS;
  let queryCalls = 0;
  const ask: Ask = (method, request) => {
    queryCalls += 1;
    return callUnary(lease.client, method, request, metadata, startedAt + deadlineMs);
  };
  try {
    await connectOrThrow(lease, params.connection);
    const servers = await collectPages(
      async (startServerId) => {
        const page = await ask(Channelz.method.getServers, { startServerId });
        return { items: page.server, end: page.end };
      },
      (server) => server.ref?.serverId,
      MAX_SERVERS,
    );
    const described = await Promise.all(servers.items.map((server) => describeServer(ask, server)));
    return { target: params.connection.target, servers: described, queryCalls };
  } catch (error) {
    throw channelzError(error, params.connection, {
      deadlineMs,
      elapsedMs: Date.now() - startedAt,
      connected: lease.state() === 'READY',
    });
  } finally {
    lease.release();
  }
}

async function describeServer(ask: Ask, server: ChannelzServer): Promise<ChannelzServerInfo> {
  const serverId = server.ref?.serverId ?? 0n;
  const [listenSockets, connections] = await Promise.all([
    Promise.all(server.listenSocket.map((ref) => listenAddress(ask, ref))),
    collectPages(
      async (startSocketId) => {
        // The server may have stopped since GetServers: then it has no connections left to list.
        const page = await unlessGone(ask(Channelz.method.getServerSockets, { serverId, startSocketId }));
        return { items: page?.socketRef ?? [], end: page?.end ?? true };
      },
      (ref) => ref.socketId,
      MAX_SOCKETS_PER_SERVER,
    ),
  ]);
  const sockets = await Promise.all(connections.items.map((ref) => describeConnection(ask, ref)));
  return {
    id: String(serverId),
    name: server.ref?.name ?? '',
    callsStarted: Number(server.data?.callsStarted ?? 0n),
    callsSucceeded: Number(server.data?.callsSucceeded ?? 0n),
    callsFailed: Number(server.data?.callsFailed ?? 0n),
    listenSockets,
    sockets: sockets.filter((socket): socket is ServerSocketInfo => socket !== undefined),
    ...(connections.complete ? {} : { socketsTruncated: true }),
  };
}

async function listenAddress(ask: Ask, ref: SocketRef): Promise<string> {
  const response = await unlessGone(ask(Channelz.method.getSocket, { socketId: ref.socketId }));
  return formatChannelzAddress(response?.socket?.local) ?? (ref.name || `socket ${ref.socketId}`);
}

/** undefined when the connection closed between listing and asking about it. */
async function describeConnection(ask: Ask, ref: SocketRef): Promise<ServerSocketInfo | undefined> {
  const socket = (await unlessGone(ask(Channelz.method.getSocket, { socketId: ref.socketId })))?.socket;
  if (socket === undefined) return undefined;
  const data = socket.data;
  return {
    id: String(ref.socketId),
    remoteAddress: formatChannelzAddress(socket.remote) ?? (socket.remoteName || ref.name || 'unknown'),
    localAddress: formatChannelzAddress(socket.local) ?? '',
    streamsStarted: Number(data?.streamsStarted ?? 0n),
    streamsSucceeded: Number(data?.streamsSucceeded ?? 0n),
    streamsFailed: Number(data?.streamsFailed ?? 0n),
    messagesSent: Number(data?.messagesSent ?? 0n),
    messagesReceived: Number(data?.messagesReceived ?? 0n),
  };
}

/**
 * channelz pages by id: each page starts at the highest id seen + 1, until the server says `end`.
 * Stops at `limit` items (complete: false) or at a page without items, so a server that never
 * says `end` cannot keep us paging.
 */
async function collectPages<T>(
  fetchPage: (startId: bigint) => Promise<{ items: T[]; end: boolean }>,
  idOf: (item: T) => bigint | undefined,
  limit: number,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let startId = 0n;
  while (items.length < limit) {
    const page = await fetchPage(startId);
    items.push(...page.items);
    const lastId = page.items.length === 0 ? undefined : idOf(page.items[page.items.length - 1]!);
    if (page.end || lastId === undefined) return { items: items.slice(0, limit), complete: items.length <= limit };
    startId = lastId + 1n;
  }
  return { items: items.slice(0, limit), complete: false };
}

/** channelz answers NOT_FOUND for an entity that went away since it was listed. */
async function unlessGone<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if ((error as Partial<ServiceError>).code === grpcStatus.NOT_FOUND) return undefined;
    throw error;
  }
}

function channelzError(
  error: unknown,
  connection: ConnectionOptions,
  timing: Pick<FailureContext, 'deadlineMs' | 'elapsedMs' | 'connected'>,
): unknown {
  const { code, details } = error as Partial<ServiceError>;
  if (typeof code !== 'number') return error;
  const { target, tls } = connection;
  if (code === grpcStatus.UNIMPLEMENTED) {
    return new WorkbenchError(
      'not_found',
      `${target} does not offer grpc.channelz.v1; its own view of its connections is not available.`,
      {
        subject: target,
        hint: 'Servers opt in to channelz (grpc-js: addService(getChannelzServiceDefinition(), getChannelzHandlers()); grpc-go: channelz/service.RegisterChannelzServiceToServer). The client-side channel view works without it.',
      },
    );
  }
  const transport = explainTransportFailure(code, details ?? '', { target, tls, ...timing });
  if (transport !== undefined)
    return new WorkbenchError(transport.kind, transport.message, { hint: transport.hint, subject: transport.subject });
  const needsCredentials = code === grpcStatus.UNAUTHENTICATED || code === grpcStatus.PERMISSION_DENIED;
  return new WorkbenchError(
    'connection',
    `The channelz query to ${target} failed: ${statusName(code)} (${code}): ${details ?? ''}`,
    {
      subject: target,
      ...(needsCredentials
        ? { hint: 'The server wants credentials for channelz: send them as request metadata (-H in the CLI).' }
        : {}),
    },
  );
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
  metadata: Metadata,
  deadline: number,
): Promise<MessageShape<O>> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      `/${method.parent.typeName}/${method.name}`,
      (message: MessageShape<I>) => Buffer.from(toBinary(method.input, message)),
      (bytes: Buffer) => fromBinary(method.output, bytes),
      create(method.input, request),
      metadata,
      { deadline },
      (error, response) =>
        response === undefined ? reject(error ?? new Error(`${method.name} answered nothing`)) : resolve(response),
    );
  });
}
