import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { startLab, type Lab } from '../../../proto-samples/lab';
import { runCliInProcess } from '../testing/run-in-process';

interface BurstJson {
  calls: number;
  backends: { id: string; hits: number; p50Ms: number | null; p99Ms: number | null }[];
  verdict: { kind: string };
}

const getUser = (target: string, ...flags: string[]) => [
  'burst',
  '-plaintext',
  target,
  'user.v1.UserService/GetUser',
  '-d',
  '{"id":"u1"}',
  ...flags,
];

describe('burst command', () => {
  let lab: Lab;
  beforeAll(async () => {
    const failure = { failure: { code: status.INTERNAL } };
    lab = await startLab({ behaviors: { 'backend-1': failure, 'backend-2': failure, 'backend-3': failure } });
  });
  afterAll(() => lab.close());

  it('exits 1 when the verdict is failing, and prints null latencies for backends without hits', async () => {
    const run = await runCliInProcess(
      getUser(
        lab.target,
        '-n',
        '6',
        '-c',
        '2',
        '--backend-key',
        'x-backend',
        '--backends',
        'backend-9',
        '--output',
        'json',
      ),
    );
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as BurstJson;
    expect(report.calls).toBe(6);
    expect(report.verdict.kind).toBe('failing');
    expect(run.code).toBe(1);
    expect(report.backends.find((b) => b.id === 'backend-9')).toMatchObject({ hits: 0, p50Ms: null, p99Ms: null });
  });

  it('exits 0 when the burst is not failing', async () => {
    const healthy = await startLab();
    try {
      const run = await runCliInProcess(getUser(healthy.target, '-n', '4', '-c', '2', '--output', 'json'));
      expect((JSON.parse(run.stdout) as BurstJson).verdict.kind).toBe('pinned');
      expect(run.code).toBe(0);
    } finally {
      await healthy.close();
    }
  });

  it('refuses a concurrency above the contract bound, naming the flag and the bound, before any call', async () => {
    const run = await runCliInProcess(getUser(lab.target, '-n', '10', '-c', '20000'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^-c: .*<=10000\n/);
    expect(run.stderr).toContain('-help');
  });
});
