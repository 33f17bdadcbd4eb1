import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend } from '../../../proto-samples/lab/index';
import type { ConnectionOptions } from '../../../shared/api';
import { ChannelPool } from '../channel/pool';
import { HealthCheckResponse_ServingStatus } from '../gen/grpc/health/v1/health_pb';
import { startTestServer, type TestServer } from '../testing/test-server';
import { checkHealth, listHealth, watchHealth, type ServingStatusName } from './health';

const plaintext = (target: string): ConnectionOptions => ({ target, tls: { mode: 'plaintext' } });

describe('health', () => {
  const pool = new ChannelPool({ idleCloseMs: 10 });
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    pool.closeAll();
    await server.close();
  });

  it('checks the server and a named service', async () => {
    const connection = plaintext(server.target);
    expect(await checkHealth({ pool, connection })).toMatchObject({
      status: { code: 0, name: 'OK' },
      servingStatus: 'SERVING',
    });
    server.health.setStatus('workbench.testing.v1.EchoService', HealthCheckResponse_ServingStatus.NOT_SERVING);
    expect(await checkHealth({ pool, connection, service: 'workbench.testing.v1.EchoService' })).toMatchObject({
      servingStatus: 'NOT_SERVING',
    });
    const unknown = await checkHealth({ pool, connection, service: 'no.such.Service' });
    expect(unknown.status).toMatchObject({ code: 5, name: 'NOT_FOUND' });
    expect(unknown.servingStatus).toBeUndefined();
  });

  it('streams status changes until cancelled', async () => {
    const seen: ServingStatusName[] = [];
    const watch = await watchHealth({ pool, connection: plaintext(server.target), service: 'watched' }, (status) => {
      seen.push(status);
      if (seen.length === 1) server.health.setStatus('watched', HealthCheckResponse_ServingStatus.SERVING);
      if (seen.length === 2) watch.cancel();
    });
    const end = await watch.done;
    expect(seen).toEqual(['SERVICE_UNKNOWN', 'SERVING']);
    expect(end).toMatchObject({ code: 1, name: 'CANCELLED' });
  });

  it('explains a refused connection', async () => {
    const gone = await startTestServer();
    await gone.close();
    const result = await checkHealth({ pool, connection: plaintext(gone.target), deadlineMs: 5_000 });
    expect(result.status).toMatchObject({ code: 14, error: { kind: 'refused', subject: gone.target } });
  });

  it('lists every service with List where the server has it (the lab, gRFC A90)', async () => {
    const backend = await startBackend({ name: 'listed' });
    try {
      const listed = await listHealth({ pool, connection: plaintext(backend.address), services: ['ignored.Service'] });
      expect(listed.method).toBe('list');
      expect(listed.listStatus).toMatchObject({ code: 0, name: 'OK' });
      expect(listed.services.map(({ service, servingStatus }) => [service, servingStatus])).toEqual([
        ['', 'SERVING'],
        ['user.v1.UserService', 'SERVING'],
      ]);
      backend.setBehavior({ notServing: true });
      const after = await listHealth({ pool, connection: plaintext(backend.address) });
      expect(after.services.map((entry) => entry.servingStatus)).toEqual(['NOT_SERVING', 'NOT_SERVING']);
    } finally {
      await backend.close();
    }
  });

  it('falls back to Check of each service where the server has no List', async () => {
    server.health.setStatus('workbench.testing.v1.EchoService', HealthCheckResponse_ServingStatus.NOT_SERVING);
    const result = await listHealth({
      pool,
      connection: plaintext(server.target),
      services: ['workbench.testing.v1.EchoService', 'no.such.Service'],
    });
    expect(result.method).toBe('check');
    expect(result.listStatus).toMatchObject({ code: 12, name: 'UNIMPLEMENTED' });
    expect(result.services.map(({ service, servingStatus, status }) => [service, servingStatus, status.name])).toEqual([
      ['', 'SERVING', 'OK'],
      ['workbench.testing.v1.EchoService', 'NOT_SERVING', 'OK'],
      ['no.such.Service', undefined, 'NOT_FOUND'],
    ]);
  });

  it('says UNIMPLEMENTED for every service of a server without a health service', async () => {
    const bare = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
      bare.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    try {
      const result = await listHealth({ pool, connection: plaintext(`127.0.0.1:${port}`), services: ['a.B'] });
      expect(result.method).toBe('check');
      expect(result.services.map((entry) => [entry.service, entry.status.name])).toEqual([
        ['', 'UNIMPLEMENTED'],
        ['a.B', 'UNIMPLEMENTED'],
      ]);
    } finally {
      bare.forceShutdown();
    }
  });

  it('reports why List failed when the server cannot be reached', async () => {
    const gone = await startTestServer();
    await gone.close();
    const result = await listHealth({ pool, connection: plaintext(gone.target), deadlineMs: 5_000 });
    expect(result).toMatchObject({
      method: 'list',
      services: [],
      listStatus: { code: 14, error: { kind: 'refused' } },
    });
  });
});
