import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { burstRequestSchema, type ChannelEvent } from '../../../shared/api';
import { startLab, type Lab } from '../../../proto-samples/lab/index';
import { runBurst } from '../burst/run-burst';
import { labSchema } from '../../../test/support/lab-schema';
import { ChannelPool } from '../channel/pool';
import { WorkbenchError } from '../../../shared/api';
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
    const connection = {
      target: lab.directTargets,
      tls: { mode: 'plaintext' as const },
      loadBalancingPolicy: 'round_robin' as const,
    };
    const { watchId, snapshot } = await watcher.watchChannel({ watchId: 'watch-10', connection });
    expect(snapshot).toMatchObject({ target: lab.directTargets, state: 'IDLE', subchannels: [], callsStarted: 0 });

    const request = burstRequestSchema.parse({
      burstId: 'burst',
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
    expect(settled.timeline.map((entry) => entry.state)).toEqual(
      expect.arrayContaining(['IDLE', 'CONNECTING', 'READY']),
    );
    expect(settled.subchannels.map((sub) => sub.address).sort()).toEqual(
      lab.backends.map((backend) => backend.address).sort(),
    );
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
  const plaintext = { mode: 'plaintext' as const };

  it("shows from the server's side that one connection carried every call of a shared-channel burst", async () => {
    lab = await startLab({ backends: 1, proxy: false });
    // Long idle grace: the burst's connection must still be open when the server is asked.
    pool = new ChannelPool({ idleCloseMs: 60_000 });
    const backend = lab.backends[0]!;
    const request = burstRequestSchema.parse({
      burstId: 'burst',
      schemaId: 'lab',
      method: 'user.v1.UserService/GetUser',
      connection: { target: backend.address, tls: plaintext },
      requestJson: '{"id":"u1"}',
      total: 20,
      concurrency: 4,
    });
    await runBurst({ request, schema: labSchema(), pool });

    // Asked over a channel of its own, so the burst's connection keeps exactly the burst's streams.
    const report = await queryServerChannelz({
      pool,
      connection: { target: backend.address, tls: plaintext, channelKey: 'channelz-query' },
    });
    expect(report.target).toBe(backend.address);
    const server = report.servers.find((entry) => entry.listenSockets.includes(backend.address));
    expect(server).toBeDefined();
    expect(server!.callsFailed).toBe(0);
    expect(server!.callsSucceeded).toBeGreaterThanOrEqual(20);
    expect(server!.socketsTruncated).toBeUndefined();
    expect(server!.sockets).toHaveLength(2);
    for (const socket of server!.sockets) {
      expect(socket.remoteAddress).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(socket.localAddress).toBe(backend.address);
    }
    const burstConnection = server!.sockets.filter((socket) => socket.streamsStarted === 20);
    expect(burstConnection).toHaveLength(1);
    expect(burstConnection[0]).toMatchObject({
      streamsSucceeded: 20,
      streamsFailed: 0,
      messagesReceived: 20,
      messagesSent: 20,
    });
  });

  it('sends the given metadata with its requests', async () => {
    lab = undefined;
    pool = new ChannelPool();
    const seen: string[] = [];
    const server = new grpc.Server({
      interceptors: [
        (methodDescriptor, call) =>
          new grpc.ServerInterceptingCall(call, {
            start: (next) =>
              next({
                onReceiveMetadata: (metadata, forward) => {
                  seen.push(`${methodDescriptor.path} ${String(metadata.get('authorization')[0] ?? '')}`);
                  forward(metadata);
                },
              }),
          }),
      ],
    });
    server.addService(grpc.getChannelzServiceDefinition(), grpc.getChannelzHandlers());
    const port = await bindLoopback(server);
    try {
      await queryServerChannelz({
        pool,
        connection: { target: `127.0.0.1:${port}`, tls: plaintext },
        metadata: [{ key: 'authorization', value: 'Bearer t' }],
      });
      expect(seen[0]).toBe('/grpc.channelz.v1.Channelz/GetServers Bearer t');
      expect(seen.every((entry) => entry.endsWith(' Bearer t'))).toBe(true);
    } finally {
      server.forceShutdown();
    }
  });

  it('says so, naming the server, when it offers no channelz', async () => {
    lab = undefined;
    pool = new ChannelPool();
    const server = new grpc.Server();
    const port = await bindLoopback(server);
    try {
      const query = queryServerChannelz({ pool, connection: { target: `127.0.0.1:${port}`, tls: plaintext } });
      await expect(query).rejects.toBeInstanceOf(WorkbenchError);
      await expect(query).rejects.toMatchObject({
        kind: 'not_found',
        subject: `127.0.0.1:${port}`,
        message: expect.stringMatching(new RegExp(`^127\\.0\\.0\\.1:${port} does not offer grpc\\.channelz\\.v1; `)),
        hint: expect.stringContaining('getChannelzServiceDefinition'),
      });
    } finally {
      server.forceShutdown();
    }
  });

  it('explains a server that is not there', async () => {
    lab = undefined;
    pool = new ChannelPool();
    const server = new grpc.Server();
    const port = await bindLoopback(server);
    server.forceShutdown();
    await expect(
      queryServerChannelz({ pool, connection: { target: `127.0.0.1:${port}`, tls: plaintext } }),
    ).rejects.toMatchObject({ kind: 'refused', subject: `127.0.0.1:${port}` });
  });
});

function bindLoopback(server: grpc.Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
}
