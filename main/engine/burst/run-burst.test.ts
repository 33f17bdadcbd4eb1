import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { burstRequestSchema, type BurstReport, type BurstRequest } from '../../../shared/api';
import { startLab, type Lab, type LabOptions } from '../../../proto-samples/lab/index';
import { ChannelPool } from '../channel/pool';
import { WorkbenchError } from '../../../shared/api';
import { prepareBurst, runBurst } from './run-burst';
import { startTestServer } from '../testing/test-server';
import { certPaths } from '../testing/certs';
import { echoCallSchema } from '../testing/echo-descriptors';
import { labSchema } from '../../../test/support/lab-schema';
import { freePort } from '../../../test/support/ports';
import { nameSettings } from '../../../shared/settings';

const ECHO = 'workbench.testing.v1.EchoService/Echo';
const labs: Lab[] = [];
afterEach(async () => {
  await Promise.all(labs.splice(0).map((lab) => lab.close()));
});

async function lab(options: LabOptions = {}): Promise<Lab> {
  const started = await startLab(options);
  labs.push(started);
  return started;
}

function request(target: string, overrides: Partial<BurstRequest> = {}) {
  return burstRequestSchema.parse({
    burstId: 'burst',
    schemaId: 'lab',
    method: 'user.v1.UserService/GetUser',
    connection: { target, tls: { mode: 'plaintext' } },
    requestJson: '{"id":"u1"}',
    total: 30,
    concurrency: 1,
    backendKey: 'x-backend',
    ...overrides,
  });
}

function accountedFor(report: BurstReport): number {
  return (
    report.backends.reduce((sum, b) => sum + b.hits, 0) + Object.values(report.errors).reduce((sum, n) => sum + n, 0)
  );
}

function hitsById(report: BurstReport): Record<string, number> {
  return Object.fromEntries(report.backends.map((backend) => [backend.id, backend.hits]));
}

describe('runBurst', () => {
  it('spreads K channels over an L4 proxy: calls follow connections', async () => {
    const { target, proxy } = await lab();
    const report = await runBurst({
      request: request(target, { connections: 3, knownBackends: ['backend-1', 'backend-2', 'backend-3'] }),
      schema: labSchema(),
    });
    expect(hitsById(report)).toEqual({ 'backend-1': 10, 'backend-2': 10, 'backend-3': 10 });
    expect(report.connections).toBe(3);
    expect(proxy?.connectionCount).toBe(3);
    expect(report.verdict.kind).toBe('balanced');
    expect(report.verdict.text).toContain('the balancer spread the 3 connections evenly');
  });

  it('cannot tell backends apart by the peer address behind an L4 proxy, yet one shared connection is pinned', async () => {
    const { target } = await lab();
    const perCall = await runBurst({
      request: request(target, { backendKey: undefined, connections: 'per-call', concurrency: 3 }),
      schema: labSchema(),
    });
    expect(hitsById(perCall)).toEqual({ [target]: 30 });
    expect(perCall.verdict.kind).toBe('skewed');
    expect(nameSettings(perCall.verdict.text, 'cli')).toMatch(/^Cannot tell backends apart: .*--backend-key/);
    const shared = await runBurst({
      request: request(target, { backendKey: undefined, concurrency: 3 }),
      schema: labSchema(),
    });
    expect(shared.verdict.kind).toBe('pinned');
    expect(shared.verdict.text).toContain(`Pinned: 30 of 30 calls went to ${target} over 1 connection.`);
  });

  it('with a backend key, attributes calls that got no header to no backend', async () => {
    const slow = { delayMs: 200 };
    const { target } = await lab({ behaviors: { 'backend-1': slow, 'backend-2': slow, 'backend-3': slow } });
    const report = await runBurst({ request: request(target, { total: 4, deadlineMs: 20 }), schema: labSchema() });
    expect(report).toMatchObject({ calls: 4, ok: 0, errors: { DEADLINE_EXCEEDED: 4 } });
    // No fake backend named by the proxy's address.
    expect(report.backends).toEqual([]);
    expect(accountedFor(report)).toBe(4);
  });

  it('fails calls that get no transport within the connect timeout (a server that never speaks HTTP/2)', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const target = `127.0.0.1:${(silent.address() as { port: number }).port}`;
    try {
      for (const connections of ['shared', 'per-call'] as const) {
        const req = request(target, { total: 3, concurrency: 2, connections });
        req.connection.connectTimeoutMs = 200;
        const report = await runBurst({ request: req, schema: labSchema() });
        expect(report).toMatchObject({ calls: 3, ok: 0, errors: { UNAVAILABLE: 3 }, backends: [] });
        expect(report.verdict.kind).toBe('failing');
      }
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('counts the connections of one round_robin channel: 1 channel, 3 connections', async () => {
    const { directTargets } = await lab({ proxy: false });
    const report = await runBurst({
      request: request(directTargets, { lbPolicy: 'round_robin', concurrency: 3 }),
      schema: labSchema(),
    });
    expect(hitsById(report)).toEqual({ 'backend-1': 10, 'backend-2': 10, 'backend-3': 10 });
    expect(report).toMatchObject({ channels: 1, connections: 3 });
    const pickFirst = await runBurst({ request: request(directTargets, { concurrency: 3 }), schema: labSchema() });
    expect(pickFirst).toMatchObject({ channels: 1, connections: 1 });
  });

  it('names backends by peer address without a backend key, and knows the resolved addresses', async () => {
    const { directTargets, backends } = await lab({ proxy: false });
    const report = await runBurst({
      request: request(directTargets, { backendKey: undefined, lbPolicy: 'round_robin' }),
      schema: labSchema(),
    });
    const addresses = backends.map((backend) => backend.address);
    expect(report.knownBackends).toEqual(addresses);
    expect(hitsById(report)).toEqual(Object.fromEntries(addresses.map((address) => [address, 10])));
  });

  it('counts a stream as one call, for server and bidi streaming', async () => {
    const { directTargets } = await lab({ proxy: false });
    const listUsers = await runBurst({
      request: request(directTargets, {
        method: 'user.v1.UserService/ListUsers',
        requestJson: '{"count":5}',
        total: 6,
        concurrency: 2,
      }),
      schema: labSchema(),
    });
    expect(listUsers).toMatchObject({ calls: 6, ok: 6, errors: {} });
    const chat = await runBurst({
      request: request(directTargets, {
        method: 'user.v1.UserService.Chat',
        requestJson: '{"text":"hi"}',
        total: 4,
        lbPolicy: 'round_robin',
      }),
      schema: labSchema(),
    });
    expect(chat).toMatchObject({ calls: 4, ok: 4, errors: {} });
    expect(chat.backends.filter((b) => b.hits > 0).length).toBe(3);
  });

  it('accounts for every call when nothing listens: errors reach no backend', async () => {
    const target = `127.0.0.1:${await freePort()}`;
    const report = await runBurst({
      request: request(target, { total: 5, knownBackends: ['backend-1'] }),
      schema: labSchema(),
    });
    expect(report).toMatchObject({ calls: 5, ok: 0, errors: { UNAVAILABLE: 5 } });
    expect(report.backends).toEqual([expect.objectContaining({ id: 'backend-1', hits: 0, errors: 0 })]);
    expect(accountedFor(report)).toBe(5);
    expect(report.verdict.kind).toBe('failing');
    expect(report.verdict.text).toContain('No backend answered these calls');
  });

  it('keeps the invariant when cancelled mid-burst: the calls in flight count as CANCELLED', async () => {
    const { target } = await lab({
      behaviors: { 'backend-1': { delayMs: 20 }, 'backend-2': { delayMs: 20 }, 'backend-3': { delayMs: 20 } },
    });
    const controller = new AbortController();
    const progress: BurstReport[] = [];
    const report = await runBurst({
      request: request(target, { total: 100_000, concurrency: 8 }),
      schema: labSchema(),
      signal: controller.signal,
      onProgress: (snapshot) => {
        progress.push(snapshot);
        if (snapshot.ok > 0) controller.abort();
      },
    });
    expect(report.cancelled).toBe(true);
    expect(report.calls).toBeLessThan(100_000);
    // Every slot had a call in flight when the abort came: exactly `concurrency` were cancelled.
    expect(report.errors).toEqual({ CANCELLED: 8 });
    expect(report.backends.every((b) => b.errors === 0)).toBe(true);
    expect(accountedFor(report)).toBe(report.calls);
    expect(progress.every((snapshot) => accountedFor(snapshot) === snapshot.calls)).toBe(true);
  });

  it('stops at the duration and never exceeds the rate limit', async () => {
    const { directTargets } = await lab({ proxy: false });
    const report = await runBurst({
      request: request(directTargets, { total: 1000, concurrency: 4, ratePerSecond: 50, durationMs: 300 }),
      schema: labSchema(),
    });
    // A bucket of one token refilled at 50/s allows at most 1 + 50 × 0.3 starts in 300 ms.
    expect(report.calls).toBeGreaterThan(0);
    expect(report.calls).toBeLessThanOrEqual(16);
    expect(accountedFor(report)).toBe(report.calls);
  });

  it('uses the pool’s channel for a shared burst, so the channel view sees it', async () => {
    const { directTargets } = await lab({ proxy: false });
    const pool = new ChannelPool();
    const req = request(directTargets, { lbPolicy: 'round_robin' });
    await runBurst({ request: req, schema: labSchema(), pool });
    expect(pool.size).toBe(1);
    pool.closeAll();
  });

  it('rejects bad input before the first call', async () => {
    const { target, proxy } = await lab();
    await expect(
      runBurst({ request: request(target, { method: 'user.v1.UserService/Nope' }), schema: labSchema() }),
    ).rejects.toMatchObject({
      kind: 'unknown_method',
    });
    const badJson = runBurst({ request: request(target, { requestJson: '{"id": 5}' }), schema: labSchema() });
    await expect(badJson).rejects.toBeInstanceOf(WorkbenchError);
    // The one request encoder of calls and bursts: the message says which request, the hint which type
    // (and no "allow unknown fields", which bursts do not offer).
    await expect(badJson).rejects.toMatchObject({
      kind: 'bad_request_json',
      subject: 'id',
      message: expect.stringMatching(/^The burst request: id: /),
      hint: 'Make the request fit user.v1.GetUserRequest.',
    });
    const badServiceConfig = request(target, {});
    badServiceConfig.connection.serviceConfigJson = 'not json';
    await expect(runBurst({ request: badServiceConfig, schema: labSchema() })).rejects.toMatchObject({
      kind: 'bad_input',
      subject: 'serviceConfigJson',
    });
    expect(proxy?.connectionCount).toBe(0);
  });
});

/**
 * The same burst in worker threads (`threads: 2`; by default only bursts of MIN_CALLS_FOR_THREADS
 * calls or more use them): the user's channels are split over the workers, never multiplied, and the
 * report is as exact as in one thread.
 */
describe('runBurst in worker threads', () => {
  it('splits K channels over the workers: K connections through an L4 proxy, every call counted', async () => {
    const { target, proxy } = await lab();
    const prepared = await prepareBurst({
      request: request(target, { connections: 3, concurrency: 6, total: 60 }),
      schema: labSchema(),
      threads: 2,
    });
    expect(prepared.threads).toBe(2);
    const report = await prepared.run();
    expect(report).toMatchObject({ calls: 60, ok: 60, errors: {}, channels: 3, connections: 3 });
    expect(proxy?.connectionCount).toBe(3);
    // Each connection reached its own backend, and carried exactly its share: call i on channel i mod 3
    // (the workers have 1 + 2 channels, and whichever is faster, neither makes the other's calls).
    expect(hitsById(report)).toEqual({ 'backend-1': 20, 'backend-2': 20, 'backend-3': 20 });
    expect(report.backends.every((backend) => backend.p50Ms > 0)).toBe(true);
    expect(report.verdict.kind).toBe('balanced');
  });

  it('counts the connections of round_robin channels in each worker, and names peers in this thread', async () => {
    const { directTargets, backends } = await lab({ proxy: false });
    const addresses = backends.map((backend) => backend.address);
    const report = await runBurst({
      request: request(directTargets, {
        backendKey: undefined,
        lbPolicy: 'round_robin',
        connections: 2,
        concurrency: 4,
        total: 60,
      }),
      schema: labSchema(),
      threads: 2,
      // As a port-forwarded burst names its backends by pod.
      forward: {
        setup: { mode: 'per-pod' },
        namePeer: (peer) => `pod-${addresses.indexOf(peer) + 1}`,
        knownBackends: [],
      },
    });
    // 2 channels × 3 addresses: 6 subchannels carried calls.
    expect(report).toMatchObject({ calls: 60, ok: 60, channels: 2, connections: 6 });
    expect(report.backends.map((backend) => backend.id)).toEqual(['pod-1', 'pod-2', 'pod-3']);
    expect(report.knownBackends).toEqual(['pod-1', 'pod-2', 'pod-3']);
  });

  it('opens a channel per call in the workers, over TLS', async () => {
    const server = await startTestServer({ tls: 'server' });
    try {
      const report = await runBurst({
        request: burstRequestSchema.parse({
          burstId: 'burst',
          schemaId: 'echo',
          method: ECHO,
          connection: { target: server.target, tls: { mode: 'tls', caFile: certPaths.ca } },
          requestJson: '{"text":"hi"}',
          total: 12,
          concurrency: 4,
          connections: 'per-call',
        }),
        schema: echoCallSchema(),
        threads: 2,
      });
      expect(report).toMatchObject({ calls: 12, ok: 12, channels: 12, connections: 12 });
    } finally {
      await server.close();
    }
  });

  it('counts responses that are not the method’s output as UNDECODABLE_RESPONSE', async () => {
    const server = await startTestServer();
    try {
      const report = await runBurst({
        request: burstRequestSchema.parse({
          burstId: 'burst',
          schemaId: 'echo',
          method: ECHO,
          connection: { target: server.target, tls: { mode: 'plaintext' } },
          requestJson: '{"garbageResponse":true}',
          total: 6,
          concurrency: 2,
          connections: 2,
        }),
        schema: echoCallSchema(),
        threads: 2,
      });
      expect(report).toMatchObject({ calls: 6, ok: 0, errors: { UNDECODABLE_RESPONSE: 6 } });
    } finally {
      await server.close();
    }
  });

  it('stops every worker when cancelled: the calls in flight count as CANCELLED, on no backend', async () => {
    const { target } = await lab({
      behaviors: { 'backend-1': { delayMs: 20 }, 'backend-2': { delayMs: 20 }, 'backend-3': { delayMs: 20 } },
    });
    const controller = new AbortController();
    const progress: BurstReport[] = [];
    const report = await runBurst({
      request: request(target, { total: 100_000, concurrency: 8, connections: 4 }),
      schema: labSchema(),
      threads: 2,
      signal: controller.signal,
      onProgress: (snapshot) => {
        progress.push(snapshot);
        if (snapshot.ok > 0) controller.abort();
      },
    });
    expect(report.cancelled).toBe(true);
    expect(report.calls).toBeLessThan(100_000);
    // A worker's slot whose call ended between the stop and the worker hearing of it starts no other.
    expect(Object.keys(report.errors)).toEqual(['CANCELLED']);
    expect(report.errors.CANCELLED).toBeGreaterThan(0);
    expect(report.errors.CANCELLED).toBeLessThanOrEqual(8);
    expect(report.backends.every((b) => b.errors === 0)).toBe(true);
    expect(accountedFor(report)).toBe(report.calls);
    expect(progress.every((snapshot) => accountedFor(snapshot) === snapshot.calls)).toBe(true);
  });

  it('shares one rate limit and one duration between the workers', async () => {
    const { directTargets } = await lab({ proxy: false });
    const report = await runBurst({
      request: request(directTargets, {
        total: 1000,
        concurrency: 4,
        connections: 2,
        ratePerSecond: 50,
        durationMs: 300,
      }),
      schema: labSchema(),
      threads: 2,
    });
    // One bucket of one token refilled at 50/s for both workers: at most 1 + 50 × 0.3 starts in 300 ms.
    expect(report.calls).toBeGreaterThan(0);
    expect(report.calls).toBeLessThanOrEqual(16);
    expect(accountedFor(report)).toBe(report.calls);
  });

  it('runs in this thread when the workers cannot start, and says so', async () => {
    const { target } = await lab();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const prepared = await prepareBurst({
        request: request(target, { connections: 3, concurrency: 3 }),
        schema: labSchema(),
        threads: 2,
        workerEntry: new URL('./no-such-worker.mjs', import.meta.url),
      });
      expect(prepared.threads).toBe(0);
      expect(await prepared.run()).toMatchObject({ calls: 30, ok: 30, connections: 3 });
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.message)).toEqual([
        expect.stringMatching(/^The burst runs in one thread: its worker threads did not start/),
      ]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('ends workers that fail one after another without an uncaught error', async () => {
    // Each failed start terminates the other workers, which may still report their own failure then:
    // that report must not reach the process as an uncaught exception (vitest would fail the run).
    const { target } = await lab();
    const onWarning = () => undefined;
    process.on('warning', onWarning);
    try {
      for (let attempt = 0; attempt < 10; attempt++) {
        const prepared = await prepareBurst({
          request: request(target, { connections: 4, concurrency: 4, total: 4 }),
          schema: labSchema(),
          threads: 4,
          workerEntry: new URL('./no-such-worker.mjs', import.meta.url),
        });
        expect(prepared.threads).toBe(0);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off('warning', onWarning);
    }
  });
});
