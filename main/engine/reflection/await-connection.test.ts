import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionOptions } from '../../../shared/api';
import { ChannelPool } from '../channel/pool';
import { queryServerChannelz } from '../channelz/server-channelz';
import { checkHealth, watchHealth } from '../health/health';
import { startTestServer, type TestServer } from '../testing/test-server';
import { loadSchemaViaReflection } from './load-schema-via-reflection';

/** Accepts TCP connections and never writes a byte: HTTP/2 never starts, the channel stays CONNECTING. */
async function startSilentServer(): Promise<{ target: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    target: `127.0.0.1:${address.port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('connect timeout outside calls', () => {
  const pool = new ChannelPool({ idleCloseMs: 10 });
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  let live: TestServer;
  const silentConnection = (): ConnectionOptions => ({
    target: silent.target,
    tls: { mode: 'plaintext' },
    connectTimeoutMs: 300,
  });
  const timeoutError = () => ({
    kind: 'timeout',
    subject: silent.target,
    message: `Could not connect to ${silent.target} within 300 ms.`,
  });

  beforeAll(async () => {
    silent = await startSilentServer();
    live = await startTestServer();
  });
  afterAll(async () => {
    pool.closeAll();
    await silent.close();
    await live.close();
  });

  it('fails reflection with the typed timeout naming the target', async () => {
    await expect(loadSchemaViaReflection({ pool, connection: silentConnection(), metadata: [] })).rejects.toMatchObject(
      timeoutError(),
    );
  });

  it('fails a health check and a health watch with it', async () => {
    const checked = await checkHealth({ pool, connection: silentConnection() });
    expect(checked.status).toMatchObject({ code: 14, error: timeoutError() });
    const watch = await watchHealth({ pool, connection: silentConnection() }, () => undefined);
    expect(await watch.done).toMatchObject({ code: 14, error: timeoutError() });
  });

  it('fails a channelz query with it', async () => {
    await expect(queryServerChannelz({ pool, connection: silentConnection() })).rejects.toMatchObject(timeoutError());
  });

  it('leaves a reachable server alone', async () => {
    const connection: ConnectionOptions = { target: live.target, tls: { mode: 'plaintext' }, connectTimeoutMs: 5_000 };
    expect((await checkHealth({ pool, connection })).servingStatus).toBe('SERVING');
    expect((await loadSchemaViaReflection({ pool, connection, metadata: [] })).files.length).toBeGreaterThan(0);
  });
});
