import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../shared/api';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { renderWithStore } from '../testing/render-workbench';
import { LoadBalancingTab } from './LoadBalancingTab';

afterEach(cleanup);

const labHost = (overrides: ConstructorParameters<typeof FakeWorkbenchClient>[0] = {}) =>
  new FakeWorkbenchClient({
    hostInfo: async () => ({
      version: 'test',
      host: 'browser',
      lab: {
        target: 'ipv4:127.0.0.1:7001',
        proxyTarget: '127.0.0.1:7000',
        backends: [],
        scenarios: [
          { name: 'l4-shared', title: 'L4 proxy + one shared channel → pinned', description: 'One connection.' },
          { name: 'l4-per-call', title: 'L4 proxy + a new channel per call → spread', description: 'Many.' },
        ],
      },
    }),
    ...overrides,
  });

describe('ScenarioPicker', () => {
  it('starts the picked scenario and sets the workbench up for its burst', async () => {
    const client = labHost();
    const { store } = renderWithStore(<LoadBalancingTab />, client);
    const picker = await screen.findByRole('combobox', { name: 'Lab scenario' });
    fireEvent.change(picker, { target: { value: 'l4-per-call' } });
    await waitFor(() => expect(store.getState().draft.method).toBe('user.v1.UserService/GetUser'));
    expect(client.paramsOf('startLabScenario')).toEqual([{ name: 'l4-per-call' }]);
    const state = store.getState();
    expect(state.draft.target).toBe('127.0.0.1:7100');
    expect(client.paramsOf('loadSchema').at(-1)?.sources[0]).toMatchObject({
      connection: { target: '127.0.0.1:7100' },
    });
    expect(state.draft.message).toBe('{"id":"u1"}');
    expect(state.burstSettings).toMatchObject({
      total: 300,
      concurrency: 10,
      connections: 'shared',
      lbPolicy: 'pick_first',
      backendKey: 'x-backend',
    });
    expect(await screen.findByText(/press Run burst/)).toBeTruthy();
  });

  it('says why a scenario could not start, and is absent where the host runs no lab', async () => {
    const client = labHost({
      startLabScenario: async () => {
        throw new WorkbenchError('not_found', 'There is no lab scenario "l4-shared".');
      },
    });
    renderWithStore(<LoadBalancingTab />, client);
    fireEvent.change(await screen.findByRole('combobox', { name: 'Lab scenario' }), {
      target: { value: 'l4-shared' },
    });
    expect(await screen.findByText('There is no lab scenario "l4-shared".')).toBeTruthy();
    cleanup();
    renderWithStore(<LoadBalancingTab />, new FakeWorkbenchClient());
    await screen.findByText('Connect to a target to inspect its load balancing.');
    expect(screen.queryByRole('combobox', { name: 'Lab scenario' })).toBeNull();
  });
});
