import * as grpc from '@grpc/grpc-js';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { connect } from 'node:net';
import {
  HealthCheckRequestSchema,
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus,
} from '../gen/grpc/health/v1/health_pb';
import type { ProbeResult } from '../../../shared/api/cluster';

/**
 * Is a forward really carrying traffic? A grpc.health.v1 Check through the tunnel where the pod
 * serves it; else (no health service, TLS, not gRPC) a TCP connection that the tunnel keeps open.
 */

export type { ProbeResult };

export interface ProbeOptions {
  /** Default 3 s. */
  timeoutMs?: number;
}

/** How long a TCP connection through the tunnel must stay open to count as carried to the pod. */
const TCP_SETTLE_MS = 300;

export async function probeForward(address: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const started = Date.now();
  const health = await healthCheck(address, timeoutMs);
  const ms = Date.now() - started;
  if (health.code === grpc.status.OK)
    return { ok: true, method: 'health', servingStatus: health.servingStatus ?? 'UNKNOWN', ms };
  if (health.code === grpc.status.NOT_FOUND)
    // The server runs the health service but does not know the '' service: it answered, so the tunnel works.
    return { ok: true, method: 'health', servingStatus: 'SERVICE_UNKNOWN', ms };
  const tcp = await tcpProbe(address, timeoutMs);
  const why =
    health.code === grpc.status.UNIMPLEMENTED ? 'no grpc.health.v1 service' : `health Check failed: ${health.details}`;
  if (tcp === undefined) return { ok: true, method: 'tcp', ms: Date.now() - started, note: why };
  return { ok: false, method: 'tcp', error: `${tcp} (${why})`, ms: Date.now() - started };
}

function healthCheck(
  address: string,
  timeoutMs: number,
): Promise<{ code: number; details: string; servingStatus?: string }> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      (request: Uint8Array) => Buffer.from(request),
      (bytes: Buffer) => fromBinary(HealthCheckResponseSchema, bytes),
      toBinary(HealthCheckRequestSchema, create(HealthCheckRequestSchema, { service: '' })),
      new grpc.Metadata(),
      { deadline: Date.now() + timeoutMs },
      (error, response) => {
        client.close();
        if (error) resolve({ code: error.code, details: error.details });
        else
          resolve({
            code: grpc.status.OK,
            details: '',
            servingStatus: HealthCheckResponse_ServingStatus[response?.status ?? 0],
          });
      },
    );
  });
}

/** undefined when the connection opened and stayed open; else why not. */
function tcpProbe(address: string, timeoutMs: number): Promise<string | undefined> {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    Number(address.slice(address.lastIndexOf(':') + 1)),
  ];
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: string | undefined) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(`no TCP connection within ${timeoutMs} ms`), timeoutMs);
    socket.once('error', (error) => done(`TCP connect failed: ${error.message}`));
    socket.once('close', () => done('the tunnel closed the connection (the pod refused it?)'));
    socket.once('connect', () => {
      clearTimeout(timer);
      setTimeout(() => done(undefined), TCP_SETTLE_MS);
    });
  });
}
