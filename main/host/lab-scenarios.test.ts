import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLabScenarioHost, type LabScenarioHost } from './lab-scenarios';

/** Whether something accepts TCP connections at `host:port`. */
function listening(address: string): Promise<boolean> {
  const colon = address.lastIndexOf(':');
  return new Promise((resolve) => {
    const socket = connect(Number(address.slice(colon + 1)), address.slice(0, colon));
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('lab scenarios in a host', () => {
  let host: LabScenarioHost | undefined;
  afterEach(async () => {
    await host?.close();
  });

  it('runs the picked scenario’s own lab, stopping the previous one, and names an unknown one', async () => {
    host = createLabScenarioHost();
    expect(host.summaries.map((summary) => summary.name)).toContain('scale-up');
    const shared = await host.startLabScenario({ name: 'l4-shared' });
    expect(shared).toMatchObject({
      name: 'l4-shared',
      method: 'user.v1.UserService/GetUser',
      burst: { connections: 'shared', lbPolicy: 'pick_first', backendKey: 'x-backend', total: 300 },
    });
    expect(await listening(shared.target)).toBe(true);

    const direct = await host.startLabScenario({ name: 'round-robin' });
    expect(direct.target).toMatch(/^ipv4:/);
    expect(direct.burst.lbPolicy).toBe('round_robin');
    expect(await listening(shared.target)).toBe(false);

    await expect(host.startLabScenario({ name: 'nope' })).rejects.toMatchObject({
      kind: 'not_found',
      message: 'There is no lab scenario "nope".',
    });
  });
});
