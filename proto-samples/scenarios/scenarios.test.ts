import { afterEach, describe, expect, it } from 'vitest';
import { burstRequestSchema, type BurstReport, type BurstRequest } from '../../shared/api';
import { runBurst } from '../../main/engine/burst';
import { labSchema } from '../../test/support/lab-schema';
import { connect } from 'node:net';
import {
  ADDED_BACKEND,
  SCALE_UP_DELAY_MS,
  burstCommandLine,
  findScenario,
  scenarios,
  SCENARIO_METHOD,
  type ScenarioRun,
} from './index';

const running: ScenarioRun[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((run) => run.teardown()));
});

async function burstScenario(
  name: string,
  overrides: Partial<BurstRequest> = {},
): Promise<{ report: BurstReport; run: ScenarioRun }> {
  const scenario = findScenario(name);
  if (scenario === undefined) throw new Error(`no scenario ${name}`);
  const run = await scenario.setup();
  running.push(run);
  return { report: await burstOn(run, overrides), run };
}

/** The scenario's burst (with `overrides`) against its running lab. */
function burstOn(run: ScenarioRun, overrides: Partial<BurstRequest> = {}): Promise<BurstReport> {
  const request = burstRequestSchema.parse({
    burstId: 'burst',
    schemaId: 'lab',
    method: SCENARIO_METHOD,
    connection: { target: run.target, tls: { mode: 'plaintext' } },
    total: 30,
    concurrency: 1,
    ...run.burst,
    ...overrides,
  });
  return runBurst({ request, schema: labSchema() });
}

function hitsById(report: BurstReport): Record<string, number> {
  return Object.fromEntries(report.backends.map((backend) => [backend.id, backend.hits]));
}

function accountedFor(report: BurstReport): number {
  return (
    report.backends.reduce((sum, b) => sum + b.hits, 0) + Object.values(report.errors).reduce((sum, n) => sum + n, 0)
  );
}

describe('lab scenarios', () => {
  it('has the six documented scenarios', () => {
    expect(scenarios.map((scenario) => scenario.name)).toEqual([
      'l4-shared',
      'l4-per-call',
      'round-robin',
      'pick-first',
      'scale-up',
      'failing-backend',
    ]);
  });

  it('l4-shared: one backend gets 100 % and the verdict is pinned', async () => {
    const { report } = await burstScenario('l4-shared');
    expect(report.calls).toBe(300);
    expect(report.ok).toBe(300);
    expect(report.connections).toBe(1);
    const served = report.backends.filter((b) => b.hits > 0);
    expect(served).toHaveLength(1);
    expect(served[0]).toMatchObject({ hits: 300, share: 1 });
    expect(report.backends.filter((b) => b.hits === 0).map((b) => b.id)).toHaveLength(2);
    expect(report.verdict.kind).toBe('pinned');
    expect(report.verdict.text).toContain(
      `Pinned: 300 of 300 calls went to ${served[0]!.id} over 1 connection; 2 known backends got none`,
    );
    expect(report.verdict.text).toContain('balances connections, not requests');
  });

  it('l4-per-call: 30 sequential calls on their own connections split 10/10/10', async () => {
    const { report, run } = await burstScenario('l4-per-call');
    expect(hitsById(report)).toEqual({ 'backend-1': 10, 'backend-2': 10, 'backend-3': 10 });
    expect(report.connections).toBe(30);
    expect(run.lab.proxy?.connectionCount).toBe(30);
    expect(report.verdict.kind).toBe('balanced');
    expect(report.verdict.text).toContain('Each call opened its own connection');
  });

  it('round-robin: an exactly equal split over one channel', async () => {
    const { report } = await burstScenario('round-robin', { total: 30, concurrency: 1 });
    expect(hitsById(report)).toEqual({ 'backend-1': 10, 'backend-2': 10, 'backend-3': 10 });
    // One channel, three transport connections: round_robin keeps a subchannel per address.
    expect(report.channels).toBe(1);
    expect(report.connections).toBe(3);
    expect(report.verdict.kind).toBe('balanced');
    expect(report.verdict.text).toContain('round_robin keeps a subchannel to each of the 3 addresses');
  });

  it('round-robin: the scenario as documented (300 calls, concurrency 10) is still exactly even', async () => {
    const { report } = await burstScenario('round-robin');
    expect(hitsById(report)).toEqual({ 'backend-1': 100, 'backend-2': 100, 'backend-3': 100 });
  });

  it('pick-first: the first address gets everything', async () => {
    const { report } = await burstScenario('pick-first');
    expect(hitsById(report)).toEqual({ 'backend-1': 300, 'backend-2': 0, 'backend-3': 0 });
    expect(report.verdict.kind).toBe('pinned');
    expect(report.verdict.text).toContain(
      'resolves to 3 addresses, but pick_first sends everything to the first address',
    );
  });

  it('scale-up: the backend added during the burst gets nothing on the old connection', async () => {
    const { report, run } = await burstScenario('scale-up');
    expect(run.lab.backends.map((backend) => backend.name)).toContain(ADDED_BACKEND);
    expect(report.calls).toBe(600);
    expect(hitsById(report)[ADDED_BACKEND]).toBe(0);
    expect(report.backends.find((b) => b.id === ADDED_BACKEND)?.known).toBe(true);
    expect(report.backends.filter((b) => b.hits > 0)).toHaveLength(1);
    expect(report.verdict.kind).toBe('pinned');
    expect(report.verdict.text).toContain('3 known backends got none');
    expect(report.verdict.text).toContain('new backends get nothing until connections churn');
  });

  it('scale-up: the clock starts at the first call, not at a connection (the app connects for reflection first)', async () => {
    const scenario = findScenario('scale-up')!;
    const run = await scenario.setup();
    running.push(run);
    // A client that only connects (as the app's Connect does, for reflection) starts nothing.
    const socket = connect(Number(run.target.split(':').at(-1)), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    await expect.poll(() => run.lab.proxy?.connectionCount).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, SCALE_UP_DELAY_MS + 300));
    expect(run.lab.backends.map((backend) => backend.name)).not.toContain(ADDED_BACKEND);
    socket.destroy();
    // The burst's first call does.
    await burstOn(run, { total: 1 });
    await expect
      .poll(() => run.lab.backends.map((backend) => backend.name), { timeout: SCALE_UP_DELAY_MS + 3_000 })
      .toContain(ADDED_BACKEND);
  });

  it('failing-backend: every call is accounted for and the failing backend is named', async () => {
    const { report } = await burstScenario('failing-backend', { total: 30, concurrency: 1 });
    expect(hitsById(report)).toEqual({ 'backend-1': 10, 'backend-2': 10, 'backend-3': 0 });
    expect(report.errors).toEqual({ UNAVAILABLE: 10 });
    expect(report.backends.find((b) => b.id === 'backend-3')).toMatchObject({
      errors: 10,
      errorsByCode: { UNAVAILABLE: 10 },
    });
    expect(accountedFor(report)).toBe(report.calls);
    expect(report.verdict.kind).toBe('failing');
    expect(report.verdict.text).toContain('Failing: 10 of 30 calls failed (UNAVAILABLE 10).');
    expect(report.verdict.text).toContain(
      'backend-3 failed 10 of the 10 calls it got, while backend-1, backend-2 answered OK',
    );
  });

  it('prints the CLI line of a scenario', () => {
    expect(
      burstCommandLine({
        target: '127.0.0.1:7000',
        burst: {
          requestJson: '{"id":"u1"}',
          total: 300,
          concurrency: 10,
          connections: 'shared',
          lbPolicy: 'pick_first',
          backendKey: 'x-backend',
          knownBackends: ['backend-1', 'backend-2'],
        },
      }),
    ).toBe(
      'grpc-workbench burst -plaintext 127.0.0.1:7000 user.v1.UserService/GetUser -d \'{"id":"u1"}\' -n 300 -c 10 --connections shared --lb pick_first --backend-key x-backend --backends backend-1,backend-2',
    );
  });
});
