import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { burstRequestSchema, type ChannelEvent } from '../../../shared/api/contract';
import { startLab, type Lab } from '../../../proto-samples/lab/index';
import { runBurst } from '../burst/run-burst';
import { labSchema } from '../burst/testing/lab-schema';
import { ChannelPool } from '../channel/pool';
import { ChannelWatcher } from './channel-watcher';
import { queryServerChannelz } from './server-channelz';

let lab: Lab | undefined;
let pool: ChannelPool;
afterEach(async () => {
  pool.closeAll();
  await lab?.close();
});

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 250; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met');
}

describe('ChannelWatcher', () => {
  it('shows the subchannels and counters of the channel a shared burst uses, live', async () => {
    lab = await startLab({ proxy: false });
    pool = new ChannelPool();
    const events: ChannelEvent[] = [];
    const watcher = new ChannelWatcher(pool, (event) => events.push(event), 20);
    const connection = { target: lab.directTargets, tls: { mode: 'plaintext' as const }, loadBalancingPolicy: 'round_robin' as const };
    const { watchId, snapshot } = await watcher.watchChannel({ connection });
    expect(snapshot).toMatchObject({ target: lab.directTargets, state: 'IDLE', subchannels: [], callsStarted: 0 });

    const request = burstRequestSchema.parse({
      schemaId: 'lab',
      method: 'user.v1.UserService/GetUser',
      connection: { target: lab.directTargets, tls: { mode: 'plaintext' } },
      requestJson: '{"id":"u1"}',
      total: 30,
      concurrency: 1,
      lbPolicy: 'round_robin',
    });
    await runBurst({ request, schema: labSchema(), pool });

    const settled = await until(() => events.map((event) => event.snapshot).find((s) => s.callsSucceeded === 30));
    expect(settled.state).toBe('READY');
    expect(settled.timeline.map((entry) => entry.state)).toEqual(expect.arrayContaining(['IDLE', 'CONNECTING', 'READY']));
    expect(settled.subchannels.map((sub) => sub.address).sort()).toEqual(lab.backends.map((backend) => backend.address).sort());
    for (const sub of settled.subchannels) {
      expect(sub).toMatchObject({ state: 'READY', callsStarted: 10, callsSucceeded: 10, callsFailed: 0 });
      expect(sub.lastChangeAt).toBeGreaterThan(0);
    }
    expect(events.every((event) => event.watchId === watchId)).toBe(true);

    // Nothing changes any more: no more events; after unwatching, none at all.
    watcher.unwatchChannel({ watchId });
    const count = events.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events.length).toBe(count);
    watcher.unwatchChannel({ watchId });
  });
});

describe('queryServerChannelz', () => {
  it("reads a server's own channelz service", async () => {
    lab = await startLab({ backends: 1, proxy: false });
    pool = new ChannelPool();
    const report = await queryServerChannelz({ pool, connection: { target: lab.backends[0]!.address, tls: { mode: 'plaintext' } } });
    expect(report.available).toBe(true);
    expect(report.servers.length).toBeGreaterThan(0);
    // The query itself is a call the server has started.
    expect(report.servers.some((server) => server.callsStarted >= 1)).toBe(true);
  });

  it('says so when the server offers no channelz', async () => {
    lab = undefined;
    pool = new ChannelPool();
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    try {
      const report = await queryServerChannelz({ pool, connection: { target: `127.0.0.1:${port}`, tls: { mode: 'plaintext' } } });
      expect(report).toEqual({ available: false, reason: 'The server does not offer grpc.channelz.v1.Channelz.', servers: [], topChannels: [] });
    } finally {
      server.forceShutdown();
    }
  });
});
