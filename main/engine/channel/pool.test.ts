import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionOptions } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import { startTestServer, type TestServer } from '../testing/test-server';
import { ChannelPool } from './pool';

const plaintext = (target: string): ConnectionOptions => ({ target, tls: { mode: 'plaintext' } });

describe('ChannelPool', () => {
  let pool: ChannelPool;
  let server: TestServer | undefined;
  afterEach(async () => {
    pool?.closeAll();
    await server?.close();
    server = undefined;
  });

  it('shares one channel between equal options, whatever their key order', async () => {
    pool = new ChannelPool();
    const a = await pool.acquire({ target: 'localhost:1', tls: { mode: 'plaintext' }, userAgent: 'x' });
    const b = await pool.acquire({ userAgent: 'x', tls: { mode: 'plaintext' }, target: 'localhost:1' });
    expect(b.client).toBe(a.client);
    expect(pool.size).toBe(1);
  });

  it('shares the channel between identity compression and no tuning: they build the same channel', async () => {
    pool = new ChannelPool();
    const untuned = await pool.acquire(plaintext('localhost:1'));
    const identity = await pool.acquire(plaintext('localhost:1'), { compression: 'identity' });
    expect(identity.client).toBe(untuned.client);
    expect(pool.size).toBe(1);
  });

  it('gives different options, channelKey and compression their own channels', async () => {
    pool = new ChannelPool();
    const base = await pool.acquire(plaintext('localhost:1'));
    const keyed = await pool.acquire({ ...plaintext('localhost:1'), channelKey: 'burst-1' });
    const gzip = await pool.acquire(plaintext('localhost:1'), { compression: 'gzip' });
    const otherTarget = await pool.acquire(plaintext('localhost:2'));
    const clients = new Set([base.client, keyed.client, gzip.client, otherTarget.client]);
    expect(clients.size).toBe(4);
    expect(pool.size).toBe(4);
  });

  it('closes a channel once its last lease is released and the idle grace period passed', async () => {
    server = await startTestServer();
    pool = new ChannelPool({ idleCloseMs: 20 });
    const first = await pool.acquire(plaintext(server.target));
    const second = await pool.acquire(plaintext(server.target));
    const states: string[] = [];
    first.onStateChange((state) => states.push(state));
    first.client.getChannel().getConnectivityState(true);
    await waitFor(() => first.state() === 'READY');

    first.release();
    first.release(); // idempotent: must not drop the second lease's reference
    await sleep(60);
    expect(pool.size).toBe(1);
    expect(second.state()).toBe('READY');

    second.release();
    await waitFor(() => pool.size === 0);
    await waitFor(() => second.state() === 'SHUTDOWN');
    expect(states).toContain('READY');
    expect(second.timeline().map((entry) => entry.state)).toEqual(
      expect.arrayContaining(['IDLE', 'CONNECTING', 'READY', 'SHUTDOWN']),
    );
  });

  it('reuses a released channel that is still within its grace period', async () => {
    pool = new ChannelPool({ idleCloseMs: 60_000 });
    const first = await pool.acquire(plaintext('localhost:1'));
    first.release();
    const again = await pool.acquire(plaintext('localhost:1'));
    expect(again.client).toBe(first.client);
  });

  it('reports an unreadable certificate file as an io error naming the file', async () => {
    pool = new ChannelPool();
    const missing = '/nonexistent/ca.pem';
    const attempt = pool.acquire({ target: 'localhost:1', tls: { mode: 'tls', caFile: missing } });
    await expect(attempt).rejects.toMatchObject({ kind: 'io', subject: missing });
    await expect(attempt).rejects.toThrow(/\/nonexistent\/ca\.pem/);
    expect(pool.size).toBe(0);
  });

  it('rejects malformed service config JSON and invalid service configs as bad input', async () => {
    pool = new ChannelPool();
    await expect(pool.acquire({ ...plaintext('localhost:1'), serviceConfigJson: '{nope' })).rejects.toMatchObject({
      kind: 'bad_input',
      subject: 'serviceConfigJson',
    });
    const badRetry = JSON.stringify({ methodConfig: [{ name: [{ service: 'x' }], retryPolicy: { maxAttempts: 1 } }] });
    const error = await pool
      .acquire({ ...plaintext('localhost:1'), serviceConfigJson: badRetry })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ kind: 'bad_input', subject: 'serviceConfigJson' });
    expect(pool.size).toBe(0);
  });

  it('closeAll closes leased channels too', async () => {
    pool = new ChannelPool();
    const lease = await pool.acquire(plaintext('localhost:1'));
    pool.closeAll();
    expect(pool.size).toBe(0);
    await waitFor(() => lease.state() === 'SHUTDOWN');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (condition()) return;
    await sleep(10);
  }
  throw new Error('condition not met within 5 s');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
