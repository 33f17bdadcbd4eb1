import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionOptions } from '../../../shared/api';
import { ChannelPool } from '../channel/pool';
import { HealthCheckResponse_ServingStatus } from '../gen/grpc/health/v1/health_pb';
import { startTestServer, type TestServer } from '../testing/test-server';
import { checkHealth, watchHealth, type ServingStatusName } from './health';

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
});
