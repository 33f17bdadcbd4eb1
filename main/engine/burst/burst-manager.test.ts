import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { burstRequestSchema, type BurstEvent } from '../../../shared/api';
import { startLab, type Lab } from '../../../proto-samples/lab/index';
import { ChannelPool } from '../channel/pool';
import { BurstManager } from './burst-manager';
import { labSchema } from '../../../test/support/lab-schema';
import { toGrpcMetadata } from '../rpc/metadata';

let lab: Lab | undefined;
const pool = new ChannelPool();
afterEach(async () => {
  pool.closeAll();
  await lab?.close();
});

function manager(events: BurstEvent[]) {
  return new BurstManager({ pool, schemaFor: () => labSchema(), emit: (event) => events.push(event) });
}

/** A loopback port nothing listens on: one the OS just handed out and that was closed again. */
async function refusingTarget(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}

let burstCount = 0;
function burstRequest(target: string, total: number) {
  burstCount += 1;
  return burstRequestSchema.parse({
    burstId: `burst-${burstCount}`,
    schemaId: 'lab',
    method: 'user.v1.UserService/GetUser',
    connection: { target, tls: { mode: 'plaintext' } },
    requestJson: '{"id":"u1"}',
    total,
    concurrency: 4,
    backendKey: 'x-backend',
  });
}

async function waitForEnd(events: BurstEvent[], burstId: string): Promise<Extract<BurstEvent, { type: 'burst-end' }>> {
  for (let i = 0; i < 500; i++) {
    const end = events.find((event) => event.type === 'burst-end' && event.burstId === burstId);
    if (end) return end as Extract<BurstEvent, { type: 'burst-end' }>;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the burst did not end');
}

describe('BurstManager', () => {
  it('runs a burst in the background and ends it with one burst-end event', async () => {
    lab = await startLab();
    const events: BurstEvent[] = [];
    const { burstId } = await manager(events).startBurst(burstRequest(lab.target, 200));
    const end = await waitForEnd(events, burstId);
    expect(end.report).toMatchObject({ calls: 200, ok: 200, cancelled: false });
    expect(events.filter((event) => event.type === 'burst-end')).toHaveLength(1);
    for (const event of events.filter((e) => e.type === 'burst-progress')) {
      expect(event).toMatchObject({ burstId, total: 200 });
    }
  });

  it('cancels a running burst; cancelling again or an unknown id does nothing', async () => {
    lab = await startLab({
      behaviors: { 'backend-1': { delayMs: 50 }, 'backend-2': { delayMs: 50 }, 'backend-3': { delayMs: 50 } },
    });
    const events: BurstEvent[] = [];
    const bursts = manager(events);
    const { burstId } = await bursts.startBurst(burstRequest(lab.target, 100_000));
    bursts.cancelBurst({ burstId });
    const end = await waitForEnd(events, burstId);
    expect(end.report.cancelled).toBe(true);
    expect(end.report.calls).toBeLessThan(100_000);
    bursts.cancelBurst({ burstId });
    bursts.cancelBurst({ burstId: 'no-such-burst' });
  });

  it('rejects a bad request at the start, without a burst id', async () => {
    lab = await startLab();
    const events: BurstEvent[] = [];
    await expect(
      manager(events).startBurst({ ...burstRequest(lab.target, 1), requestJson: '{' }),
    ).rejects.toMatchObject({ kind: 'bad_request_json' });
    expect(events).toEqual([]);
  });

  it('refuses the metadata a call refuses: calls and bursts share one encoder', async () => {
    lab = await startLab();
    const events: BurstEvent[] = [];
    const reserved = [{ key: 'grpc-timeout', value: '1S' }];
    await expect(
      manager(events).startBurst({ ...burstRequest(lab.target, 1), metadata: reserved }),
    ).rejects.toMatchObject({ kind: 'bad_input', subject: 'grpc-timeout' });
    expect(() => toGrpcMetadata(reserved)).toThrow(expect.objectContaining({ kind: 'bad_input' }));
    expect(events).toEqual([]);
  });

  it('refuses a burst id that is still running', async () => {
    lab = await startLab();
    const events: BurstEvent[] = [];
    const bursts = manager(events);
    const request = burstRequest(lab.target, 100_000);
    await bursts.startBurst(request);
    await expect(bursts.startBurst(request)).rejects.toMatchObject({ kind: 'bad_input', subject: request.burstId });
    bursts.cancelBurst({ burstId: request.burstId });
    await waitForEnd(events, request.burstId);
  });

  it('ends a burst that fails after it started with a burst-end carrying the error and what was counted', async () => {
    const target = await refusingTarget();
    const events: BurstEvent[] = [];
    const { burstId } = await manager(events).startBurst(
      burstRequestSchema.parse({ ...burstRequest(target, 10_000_000), concurrency: 1, durationMs: 60_000 }),
    );
    // The refused calls are counted as UNAVAILABLE while the burst runs…
    for (let i = 0; i < 500 && !events.some((event) => event.type === 'burst-progress' && event.report.calls > 0); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    // …until its channel is shut down under it: grpc-js then refuses to start the next call.
    pool.closeAll();
    const end = await waitForEnd(events, burstId);
    expect(end.error).toMatchObject({
      kind: 'connection',
      subject: target,
      message: expect.stringContaining('Channel has been shut down'),
    });
    expect(end.error!.hint).toBeDefined();
    expect(end.report.calls).toBeGreaterThan(0);
    expect(end.report.errors.UNAVAILABLE).toBeGreaterThan(0);
    expect(end.report.cancelled).toBe(false);
    expect(events.filter((event) => event.type === 'burst-end')).toHaveLength(1);
  });
});
