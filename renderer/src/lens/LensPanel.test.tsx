import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionOptions, MethodSummary } from '../../../shared/api/contract';
import { LensPanel } from './LensPanel';
import { channelSnapshot, fakeClient, pinnedReport } from './fakeClient.test-support';

const connection: ConnectionOptions = { target: '127.0.0.1:7000', tls: { mode: 'plaintext' } };
const method: MethodSummary = { name: 'GetUser', path: 'user.v1.UserService/GetUser', kind: 'unary', inputType: 'user.v1.GetUserRequest', outputType: 'user.v1.User' };

afterEach(cleanup);

describe('LensPanel', () => {
  it('starts a burst with the settings, shows live progress, the verdict and zero-hit tiles', async () => {
    const { client, emit } = fakeClient({
      hostInfo: async () => ({
        version: 't',
        host: 'browser',
        lab: { target: 'ipv4:x', proxyTarget: '127.0.0.1:7000', backends: ['b1', 'b2', 'b3'].map((name) => ({ name, address: `127.0.0.1:${name}` })) },
      }),
    });
    const user = userEvent.setup();
    render(<LensPanel client={client} connection={connection} schemaId="s1" method={method} />);

    // Aimed at the lab's proxy: backends are identified by x-backend and the lab's backends are known.
    await waitFor(() => expect(screen.getByLabelText(/Backend key/)).toHaveProperty('value', 'x-backend'));
    await waitFor(() => expect(screen.getByLabelText(/Request JSON/)).toHaveProperty('value', '{\n  "id": "u1"\n}'));
    const calls = screen.getByLabelText('Calls');
    await user.clear(calls);
    await user.type(calls, '30');
    await user.selectOptions(screen.getByLabelText('Load balancing'), 'round_robin');

    await user.click(screen.getByRole('button', { name: 'Run burst' }));
    expect(client.startBurst).toHaveBeenCalledWith({
      schemaId: 's1',
      method: 'user.v1.UserService/GetUser',
      connection,
      requestJson: '{\n  "id": "u1"\n}',
      total: 30,
      concurrency: 10,
      connections: 'shared',
      lbPolicy: 'round_robin',
      backendKey: 'x-backend',
      knownBackends: ['b1', 'b2', 'b3'],
      ratePerSecond: undefined,
    });
    expect(screen.getByRole('button', { name: 'Run burst' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Cancel burst' })).toHaveProperty('disabled', false);

    const progress = { ...pinnedReport(), calls: 10, ok: 10 };
    act(() => emit({ type: 'burst-progress', burstId: 'b1', done: 10, total: 30, report: progress }));
    expect(within(screen.getByRole('region', { name: 'Verdict' })).getByText('(so far)')).toBeTruthy();

    act(() => emit({ type: 'burst-end', burstId: 'b1', report: pinnedReport() }));
    const verdict = screen.getByRole('region', { name: 'Verdict' });
    expect(within(verdict).getByText('Pinned')).toBeTruthy();
    expect(within(verdict).getByText(/30 of 30 calls went to b1/)).toBeTruthy();
    const hitMap = screen.getByRole('region', { name: 'Hit map' });
    expect(within(hitMap).getByRole('listitem', { name: 'b1: 30 calls' }).dataset.load).toBe('all');
    for (const id of ['b2', 'b3']) {
      const tile = within(hitMap).getByRole('listitem', { name: `${id}: 0 calls` });
      expect(tile.dataset.load).toBe('zero');
      expect(tile.textContent).toContain('0 calls');
    }
    expect(within(hitMap).getByText('p50 1.50 ms · p99 3.25 ms')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Run burst' })).toHaveProperty('disabled', false);
  });

  it('ignores events of other bursts and applies an event that beat the start answer', async () => {
    let answer: (value: { burstId: string }) => void = () => undefined;
    const { client, emit } = fakeClient({ startBurst: () => new Promise((resolve) => (answer = resolve)) });
    const user = userEvent.setup();
    render(<LensPanel client={client} connection={connection} schemaId="s1" method={method} />);
    await user.click(screen.getByRole('button', { name: 'Run burst' }));
    act(() => emit({ type: 'burst-end', burstId: 'other', report: { ...pinnedReport(), verdict: { kind: 'balanced', text: 'other burst' } } }));
    act(() => emit({ type: 'burst-end', burstId: 'b1', report: pinnedReport() }));
    await act(async () => answer({ burstId: 'b1' }));
    expect(within(screen.getByRole('region', { name: 'Verdict' })).getByText('Pinned')).toBeTruthy();
    expect(screen.queryByText('other burst')).toBeNull();
  });

  it('cancels the running burst', async () => {
    const { client } = fakeClient();
    const user = userEvent.setup();
    render(<LensPanel client={client} connection={connection} schemaId="s1" method={method} />);
    await user.click(screen.getByRole('button', { name: 'Run burst' }));
    await user.click(screen.getByRole('button', { name: 'Cancel burst' }));
    expect(client.cancelBurst).toHaveBeenCalledWith({ burstId: 'b1' });
  });

  it('shows why a burst could not start', async () => {
    const { client } = fakeClient({
      startBurst: async () => {
        throw { kind: 'bad_request_json', message: 'The request does not fit user.v1.GetUserRequest.', hint: 'Pass proto3 JSON.' };
      },
    });
    const user = userEvent.setup();
    render(<LensPanel client={client} connection={connection} schemaId="s1" method={method} />);
    await user.click(screen.getByRole('button', { name: 'Run burst' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The request does not fit user.v1.GetUserRequest. Pass proto3 JSON.');
  });

  it('cannot run without a method', () => {
    const { client } = fakeClient();
    render(<LensPanel client={client} connection={connection} />);
    expect(screen.getByRole('button', { name: 'Run burst' })).toHaveProperty('disabled', true);
    expect(screen.getByText('Pick a method to run a burst.')).toBeTruthy();
  });

  it('watches the channel the shared burst uses, live, and unwatches on unmount', async () => {
    const { client, emit } = fakeClient();
    const view = render(<LensPanel client={client} connection={connection} schemaId="s1" method={method} />);
    await waitFor(() => expect(client.watchChannel).toHaveBeenCalledWith({ connection: { ...connection, loadBalancingPolicy: 'pick_first' } }));
    const panel = screen.getByRole('region', { name: 'Channel' });
    await within(panel).findByText('No subchannels yet: the channel connects on its first call.');

    act(() =>
      emit({
        type: 'channel-state',
        watchId: 'w1',
        snapshot: channelSnapshot({
          state: 'READY',
          timeline: [
            { state: 'IDLE', at: 1 },
            { state: 'CONNECTING', at: 2 },
            { state: 'READY', at: 3 },
          ],
          subchannels: [{ id: '7', address: '127.0.0.1:7001', state: 'READY', callsStarted: 5, callsSucceeded: 4, callsFailed: 1 }],
          callsStarted: 5,
        }),
      }),
    );
    const rows = within(within(panel).getByRole('table', { name: 'Subchannels' })).getAllByRole('row');
    expect(rows[1]!.textContent).toBe('127.0.0.1:7001READY541–');
    expect(within(within(panel).getByRole('list', { name: 'Connectivity timeline' })).getAllByRole('listitem').map((li) => li.textContent?.split(' ')[0])).toEqual([
      'IDLE',
      'CONNECTING',
      'READY',
    ]);

    view.unmount();
    expect(client.unwatchChannel).toHaveBeenCalledWith({ watchId: 'w1' });
  });
});
