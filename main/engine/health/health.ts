import { status as grpcStatus, type ClientReadableStream, type StatusObject } from '@grpc/grpc-js';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type {
  CallStatus,
  ConnectionOptions,
  HealthListResult,
  HealthServiceStatus,
  MetadataEntry,
  ServingStatusName,
} from '../../../shared/api';
import type { ChannelLease, ChannelPool } from '../channel/pool';
import { googleRpcRegistry, localCallStatus, toCallStatus } from '../rpc/call-status';
import { toGrpcMetadata } from '../rpc/metadata';
import { awaitConnection } from '../channel/await-connection';
import {
  HealthCheckRequestSchema,
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus,
  HealthListRequestSchema,
  HealthListResponseSchema,
  type HealthCheckResponse,
} from '../gen/grpc/health/v1/health_pb';

export type { ServingStatusName };

export interface HealthParams {
  pool: ChannelPool;
  connection: ConnectionOptions;
  /** Service name to ask about; '' (default) means the whole server. */
  service?: string;
  metadata?: readonly MetadataEntry[];
  /** Check: default 30 s. Watch: none (it runs until cancelled). */
  deadlineMs?: number;
}

export interface HealthCheckResult {
  /** The call's status: OK when the server answered (NOT_FOUND: it does not know the service). */
  status: CallStatus;
  /** The server's answer, when the call succeeded. */
  servingStatus?: ServingStatusName;
}

export interface HealthWatch {
  /** Stops watching; `done` then resolves with CANCELLED. */
  cancel(): void;
  /** Resolves when the watch ends (server closed it, failure, or cancel). */
  done: Promise<CallStatus>;
}

/** A Check is one small answer; a server that accepts it but never answers must not hang us. */
const DEFAULT_CHECK_DEADLINE_MS = 30_000;
const CHECK = '/grpc.health.v1.Health/Check';
const WATCH = '/grpc.health.v1.Health/Watch';
const LIST = '/grpc.health.v1.Health/List';

/** grpc.health.v1 Check. */
export async function checkHealth(params: HealthParams): Promise<HealthCheckResult> {
  const { status, response } = await unaryHealthCall(params, CHECK, encodeRequest(params.service), decodeResponse);
  return { status, ...(response === undefined ? {} : { servingStatus: servingStatusName(response) }) };
}

/**
 * The health of every service: grpc.health.v1 List (gRFC A90) where the server has it, else — it
 * answered UNIMPLEMENTED — Check of the whole server ('') and of each of `services` (e.g. those of
 * the loaded schema), one by one. A server without any health service answers UNIMPLEMENTED to
 * those Checks too, and each entry says so.
 */
export async function listHealth(params: HealthParams & { services?: readonly string[] }): Promise<HealthListResult> {
  const listed = await unaryHealthCall(
    params,
    LIST,
    toBinary(HealthListRequestSchema, create(HealthListRequestSchema)),
    (bytes) => fromBinary(HealthListResponseSchema, bytes),
  );
  if (listed.status.code !== grpcStatus.UNIMPLEMENTED) {
    const services = Object.entries(listed.response?.statuses ?? {})
      .map(([service, response]): HealthServiceStatus => ({
        service,
        servingStatus: servingStatusName(response),
        status: listed.status,
      }))
      .sort((a, b) => a.service.localeCompare(b.service));
    return { method: 'list', listStatus: listed.status, services };
  }
  const names = [...new Set(['', ...(params.services ?? [])])];
  const services = await Promise.all(
    names.map(async (service): Promise<HealthServiceStatus> => ({
      service,
      ...(await checkHealth({ ...params, service })),
    })),
  );
  return { method: 'check', listStatus: listed.status, services };
}

/** One unary health call with its status and, when it succeeded, its decoded answer. */
async function unaryHealthCall<Response>(
  requested: HealthParams,
  path: string,
  request: Uint8Array,
  decode: (bytes: Buffer) => Response,
): Promise<{ status: CallStatus; response?: Response }> {
  const params: HealthParams = { ...requested, deadlineMs: requested.deadlineMs ?? DEFAULT_CHECK_DEADLINE_MS };
  const metadata = toGrpcMetadata(params.metadata ?? []);
  const lease = await params.pool.acquire(params.connection);
  const startedAt = Date.now();
  try {
    const notConnected = await awaitConnection(lease, params.connection);
    if (notConnected !== undefined) return { status: localCallStatus(grpcStatus.UNAVAILABLE, notConnected) };
    return await new Promise((resolve) => {
      let answer: Response | undefined;
      const call = lease.client.makeUnaryRequest(
        path,
        (bytes: Uint8Array) => Buffer.from(bytes),
        decode,
        request,
        metadata,
        deadlineOption(params.deadlineMs),
        (_error, response) => {
          answer = response;
        },
      );
      call.on('status', (status: StatusObject) => {
        resolve({
          status: callStatus(status, params, startedAt, lease),
          ...(answer === undefined ? {} : { response: answer }),
        });
      });
    });
  } finally {
    lease.release();
  }
}

/** grpc.health.v1 Watch: calls `onStatus` with every status the server streams until cancelled. */
export async function watchHealth(
  params: HealthParams,
  onStatus: (status: ServingStatusName) => void,
): Promise<HealthWatch> {
  const metadata = toGrpcMetadata(params.metadata ?? []);
  const lease = await params.pool.acquire(params.connection);
  const startedAt = Date.now();
  const notConnected = await awaitConnection(lease, params.connection);
  if (notConnected !== undefined) {
    lease.release();
    return { cancel: () => undefined, done: Promise.resolve(localCallStatus(grpcStatus.UNAVAILABLE, notConnected)) };
  }
  const stream: ClientReadableStream<HealthCheckResponse> = lease.client.makeServerStreamRequest(
    WATCH,
    (request: Uint8Array) => Buffer.from(request),
    decodeResponse,
    encodeRequest(params.service),
    metadata,
    deadlineOption(params.deadlineMs),
  );
  stream.on('data', (response: HealthCheckResponse) => onStatus(servingStatusName(response)));
  stream.on('error', () => undefined); // the 'status' event reports every outcome
  const done = new Promise<CallStatus>((resolve) => {
    stream.on('status', (status: StatusObject) => {
      lease.release();
      resolve(callStatus(status, params, startedAt, lease));
    });
  });
  return { cancel: () => stream.cancel(), done };
}

function encodeRequest(service: string | undefined): Uint8Array {
  return toBinary(HealthCheckRequestSchema, create(HealthCheckRequestSchema, { service: service ?? '' }));
}

function decodeResponse(bytes: Buffer): HealthCheckResponse {
  return fromBinary(HealthCheckResponseSchema, bytes);
}

function servingStatusName(response: HealthCheckResponse): ServingStatusName {
  return (HealthCheckResponse_ServingStatus[response.status] as ServingStatusName | undefined) ?? 'UNKNOWN';
}

function deadlineOption(deadlineMs: number | undefined): { deadline?: number } {
  return deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs };
}

function callStatus(status: StatusObject, params: HealthParams, startedAt: number, lease: ChannelLease): CallStatus {
  const { target, tls } = params.connection;
  const context = {
    target,
    tls,
    deadlineMs: params.deadlineMs,
    elapsedMs: Date.now() - startedAt,
    connected: lease.timeline().some((entry) => entry.state === 'READY'),
  };
  return toCallStatus(status, context, googleRpcRegistry);
}
