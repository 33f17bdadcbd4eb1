import { describe, expect, it } from 'vitest';
import { describeScenarioRun, listScenarios, parseScenarioArgs } from './command';
import { findScenario } from './index';

describe('scenario command', () => {
  it('parses --scenario NAME, a bare name and --list', () => {
    expect(parseScenarioArgs(['--scenario', 'l4-shared'])).toEqual({ kind: 'run', name: 'l4-shared' });
    expect(parseScenarioArgs(['pick-first'])).toEqual({ kind: 'run', name: 'pick-first' });
    expect(parseScenarioArgs(['--scenario', '--list'])).toEqual({ kind: 'list' });
    expect(parseScenarioArgs([])).toEqual({ kind: 'list' });
  });

  it('names the scenarios when the name is wrong', () => {
    expect(() => parseScenarioArgs(['--scenario', 'nope'])).toThrow(
      'There is no scenario "nope". Scenarios: l4-shared, l4-per-call, round-robin, pick-first, scale-up, failing-backend.',
    );
  });

  it('lists every scenario with its title', () => {
    expect(listScenarios().split('\n')).toHaveLength(6);
    expect(listScenarios()).toContain('l4-shared        L4 proxy + one shared channel → pinned');
  });

  it('prints the target and the burst command of a started scenario', async () => {
    const run = await findScenario('pick-first')!.setup();
    try {
      const text = describeScenarioRun('pick-first', run);
      expect(text).toContain(`Target: ${run.lab.directTargets}`);
      expect(text).toContain(`grpc-workbench burst -plaintext ${run.lab.directTargets} user.v1.UserService/GetUser`);
      expect(text).toContain('--lb pick_first');
    } finally {
      await run.teardown();
    }
  });
});
