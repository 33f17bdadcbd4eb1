import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionOptions, MethodSummary, OperationResults } from '../../../shared/api';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { channelSnapshot, pinnedReport, serverChannelzReport } from '../testing/lens-fixtures';
import { renderWithStore } from '../testing/render-workbench';
import { LensPanel } from './LensPanel';

const connection: ConnectionOptions = { target: '127.0.0.1:7000', tls: { mode: 'plaintext' } };
const method: MethodSummary = {
  name: 'GetUser',
  path: 'user.v1.UserService/GetUser',
  kind: 'unary',
  inputType: 'user.v1.GetUserRequest',
  outputType: 'user.v1.User',
};
/** What the fake answers startBurst with. */
const BURST_ID = 'burst-1';

afterEach(cleanup);

describe('LensPanel', () => {
  it('starts a burst with the settings, shows live progress, the verdict and zero-hit tiles', async () => {
    const client = new FakeWorkbenchClient({
      hostInfo: async () => ({
        version: 't',
        host: 'browser',
        lab: {
          target: 'ipv4:x',
          proxyTarget: '127.0.0.1:7000',
          backends: ['b1', 'b2', 'b3'].map((name) => ({ name, address: `127.0.0.1:${name}` })),
        },
      }),
    });
    const user = userEvent.setup();
    // The target is typed, so the store does not connect to the lab by itself.
    renderWithStore(<LensPanel connection={connection} schemaId="s1" method={method} />, client, {
      initialTarget: connection.target,
    });

    // Aimed at the lab's proxy: backends are identified by x-backend and the lab's backends are known.
    await waitFor(() => expect(screen.getByLabelText(/Backend key/)).toHaveProperty('value', 'x-backend'));
    // The burst sends the editor's request: typing here edits that one request.
    const requestJson = screen.getByLabelText(/Request JSON/);
    expect(requestJson).toHaveProperty('value', '{}');
    fireEvent.change(requestJson, { target: { value: '{"id":"u1"}' } });
    const calls = screen.getByLabelText('Calls');
    await user.clear(calls);
    await user.type(calls, '30');
    await user.selectOptions(screen.getByLabelText('Load balancing'), 'round_robin');

    await user.click(screen.getByRole('button', { name: 'Run burst' }));
    expect(client.paramsOf('startBurst')).toEqual([
      {
        burstId: BURST_ID,
        schemaId: 's1',
        method: 'user.v1.UserService/GetUser',
        connection,
        requestJson: '{"id":"u1"}',
        total: 30,
        concurrency: 10,
        connections: 'shared',
        lbPolicy: 'round_robin',
        backendKey: 'x-backend',
        knownBackends: ['b1', 'b2', 'b3'],
        ratePerSecond: undefined,
      },
    ]);
    expect(screen.getByRole('button', { name: 'Run burst' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Cancel burst' })).toHaveProperty('disabled', false);

    const progress = { ...pinnedReport(), calls: 10, ok: 10 };
    act(() => client.emit({ type: 'burst-progress', burstId: BURST_ID, done: 10, total: 30, report: progress }));
    expect(within(screen.getByRole('region', { name: 'Verdict' })).getByText('(so far)')).toBeTruthy();

    act(() => client.emit({ type: 'burst-end', burstId: BURST_ID, report: pinnedReport() }));
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
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('ignores events of other bursts and shows its own from the first, before the start answer', async () => {
    let answer: () => void = () => undefined;
    const client = new FakeWorkbenchClient({
      startBurst: ({ burstId }) => new Promise((resolve) => (answer = () => resolve({ burstId }))),
    });
    const user = userEvent.setup();
    renderWithStore(<LensPanel connection={connection} schemaId="s1" method={method} />, client);
    await user.click(screen.getByRole('button', { name: 'Run burst' }));
    act(() =>
      client.emit({
        type: 'burst-end',
        burstId: 'other',
        report: { ...pinnedReport(), verdict: { kind: 'balanced', text: 'other burst' } },
      }),
    );
    act(() => client.emit({ type: 'burst-end', burstId: BURST_ID, report: pinnedReport() }));
    expect(within(screen.getByRole('region', { name: 'Verdict' })).getByText('Pinned')).toBeTruthy();
    await act(async () => answer());
    expect(within(screen.getByRole('region', { name: 'Verdict' })).getByText('Pinned')).toBeTruthy();
    expect(screen.queryByText('other burst')).toBeNull();
  });

  it('sends the request editor’s metadata and deadline, and the duration, with the burst', async () => {
    const client = new FakeWorkbenchClient();
    const user = userEvent.setup();
    const metadata = [{ key: 'authorization', value: 'Bearer t0k3n' }];
    renderWithStore(
      <LensPanel connection={connection} schemaId="s1" method={method} metadata={metadata} deadlineMs={1500} />,
      client,
    );
    const duration = screen.getByLabelText(/^Duration/);
    await user.clear(duration);
    await user.type(duration, '5');
    await user.click(screen.getByRole('button', { name: 'Run burst' }));
    expect(client.paramsOf('startBurst')).toEqual([
      expect.objectContaining({ metadata, deadlineMs: 1500, durationMs: 5000, total: 300 }),
    ]);
  });

  it('cancels the running burst', async () => {
    const client = new FakeWorkbenchClient();
    const user = userEvent.setup();
    renderWithStore(<LensPanel connection={connection} schemaId="s1" method={method} />, client);
    await user.click(screen.getByRole('button', { name: 'Run burst' }));
    await user.click(screen.getByRole('button', { name: 'Cancel burst' }));
    expect(client.paramsOf('cancelBurst')).toEqual([{ burstId: BURST_ID }]);
  });

  it('shows why a burst could not start', async () => {
    const client = new FakeWorkbenchClient({
      startBurst: async () => {
        throw {
          kind: 'bad_request_json',
          message: 'The request does not fit user.v1.GetUserRequest.',
          hint: 'Pass proto3 JSON.',
        };
      },
    });
    const user = userEvent.setup();
    renderWithStore(<LensPanel connection={connection} schemaId="s1" method={method} />, client);
    await user.click(screen.getByRole('button', { name: 'Run burst' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('The request does not fit user.v1.GetUserRequest.')).toBeTruthy();
    expect(within(alert).getByText('Pass proto3 JSON.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Run burst' })).toHaveProperty('disabled', false);
  });

  it('shows why a running burst failed, keeps what it counted, and is ready to run again', async () => {
    const client = new FakeWorkbenchClient();
    const user = userEvent.setup();
    renderWithStore(<LensPanel connection={connection} schemaId="s1" method={method} />, client);
    await user.click(screen.getByRole('button', { name: 'Run burst' }));
    const counted = { ...pinnedReport(), calls: 12, ok: 12 };
    const error = {
      kind: 'connection' as const,
      message: 'The channel to 127.0.0.1:7000 was shut down while the burst ran.',
      hint: 'Run the burst again.',
    };
    act(() => client.emit({ type: 'burst-end', burstId: BURST_ID, report: counted, error }));

    const alert = screen.getByRole('alert');
    expect(within(alert).getByText(error.message)).toBeTruthy();
    expect(within(alert).getByText(error.hint)).toBeTruthy();
    expect(
      within(screen.getByRole('region', { name: 'Hit map' })).getByRole('listitem', { name: 'b1: 30 calls' }),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Run burst' })).toHaveProperty('disabled', false);
    expect(screen.getByRole('button', { name: 'Cancel burst' })).toHaveProperty('disabled', true);

    // The next run starts clean.
    await user.click(screen.getByRole('button', { name: 'Run burst' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('cannot run without a method', () => {
    renderWithStore(<LensPanel connection={connection} />, new FakeWorkbenchClient());
    expect(screen.getByRole('button', { name: 'Run burst' })).toHaveProperty('disabled', true);
    expect(screen.getByText('Pick a method to run a burst.')).toBeTruthy();
  });

  it('watches the channel the shared burst uses, live, and unwatches on unmount', async () => {
    const client = new FakeWorkbenchClient();
    const view = renderWithStore(<LensPanel connection={connection} schemaId="s1" method={method} />, client);
    await waitFor(() =>
      expect(client.paramsOf('watchChannel')).toEqual([
        { watchId: 'watch-1', connection: { ...connection, loadBalancingPolicy: 'pick_first' } },
      ]),
    );
    const panel = screen.getByRole('region', { name: 'Channel' });
    await within(panel).findByText('No subchannels yet: the channel connects on its first call.');

    act(() =>
      client.emit({
        type: 'channel-state',
        watchId: 'watch-1',
        snapshot: channelSnapshot({
          state: 'READY',
          timeline: [
            { state: 'IDLE', at: 1 },
            { state: 'CONNECTING', at: 2 },
            { state: 'READY', at: 3 },
          ],
          subchannels: [
            { id: '7', address: '127.0.0.1:7001', state: 'READY', callsStarted: 5, callsSucceeded: 4, callsFailed: 1 },
          ],
          callsStarted: 5,
        }),
      }),
    );
    const rows = within(within(panel).getByRole('table', { name: 'Subchannels' })).getAllByRole('row');
    expect(rows[1]!.textContent).toBe('127.0.0.1:7001READY541–');
    expect(
      within(within(panel).getByRole('list', { name: 'Connectivity timeline' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent?.split(' ')[0]),
    ).toEqual(['IDLE', 'CONNECTING', 'READY']);

    view.unmount();
    expect(client.paramsOf('unwatchChannel')).toEqual([{ watchId: 'watch-1' }]);
  });
});

describe('LensPanel server view (channelz)', () => {
  const serverView = () =>
    within(screen.getByRole('region', { name: 'Channel' })).getByRole('region', { name: 'Server view (channelz)' });

  it("asks the server over the watched channel and shows each connection's client and counters", async () => {
    const client = new FakeWorkbenchClient({ serverChannelz: async () => serverChannelzReport() });
    const user = userEvent.setup();
    renderWithStore(<LensPanel connection={connection} schemaId="s1" method={method} />, client);
    await user.click(within(serverView()).getByRole('button', { name: 'Query server channelz' }));
    expect(client.paramsOf('serverChannelz')).toEqual([
      { connection: { ...connection, loadBalancingPolicy: 'pick_first' } },
    ]);

    const table = await within(serverView()).findByRole('table', { name: 'Connections of Server 4 on 127.0.0.1:7001' });
    const [header, row, ...others] = within(table).getAllByRole('row');
    expect(
      within(header!)
        .getAllByRole('columnheader')
        .map((cell) => cell.textContent),
    ).toEqual(['Client (remote address)', 'Streams', 'Succeeded', 'Failed', 'Messages sent', 'Messages received']);
    expect(
      within(row!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['127.0.0.1:51234', '31', '30', '1', '30', '31']);
    expect(others).toEqual([]);
    expect(within(serverView()).getByText('31 started · 30 succeeded · 1 failed')).toBeTruthy();
    // The idle server is listed too, without a table.
    expect(within(serverView()).getByText('Server 5 on 127.0.0.2:7002')).toBeTruthy();
    expect(within(serverView()).getByText('No open connections.')).toBeTruthy();
    expect(within(serverView()).getAllByRole('table')).toHaveLength(1);
    // The query's own 4 calls on the watched channel are told apart from the user's.
    act(() =>
      client.emit({ type: 'channel-state', watchId: 'watch-1', snapshot: channelSnapshot({ callsStarted: 304 }) }),
    );
    expect(screen.getByText(/304 started · .* \(4 of them the server channelz queries’ own\)/)).toBeTruthy();
  });

  it('says that a burst with channels of its own never used the watched channel', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = renderWithStore(<LensPanel connection={connection} schemaId="s1" method={method} />, client);
    act(() => client.emit({ type: 'channel-state', watchId: 'watch-1', snapshot: channelSnapshot({}) }));
    expect(screen.queryByText(/carried none of its calls/)).toBeNull();
    await act(() =>
      store.getState().startBurst({
        schemaId: 's1',
        method: method.path,
        connection,
        total: 3,
        concurrency: 1,
        connections: 'per-call',
      }),
    );
    expect(
      screen.getByText(/a new one per call\), so this channel — the editor’s — carried none of its calls/),
    ).toBeTruthy();
  });

  it('says clearly when the server offers no channelz', async () => {
    const client = new FakeWorkbenchClient({
      serverChannelz: async () => {
        throw {
          kind: 'not_found',
          message: '127.0.0.1:7000 does not offer grpc.channelz.v1; its own view of its connections is not available.',
          hint: 'Servers opt in to channelz.',
        };
      },
    });
    const user = userEvent.setup();
    renderWithStore(<LensPanel connection={connection} schemaId="s1" method={method} />, client);
    await user.click(within(serverView()).getByRole('button', { name: 'Query server channelz' }));
    const alert = await within(serverView()).findByRole('alert');
    expect(
      within(alert).getByText(
        '127.0.0.1:7000 does not offer grpc.channelz.v1; its own view of its connections is not available.',
      ),
    ).toBeTruthy();
    expect(within(alert).getByText('Servers opt in to channelz.')).toBeTruthy();
    expect(within(serverView()).getByRole('button', { name: 'Query server channelz' })).toHaveProperty(
      'disabled',
      false,
    );
  });

  it('drops an answer that arrives after the channel changed', async () => {
    let answer: (value: OperationResults['serverChannelz']) => void = () => undefined;
    const client = new FakeWorkbenchClient({ serverChannelz: () => new Promise((resolve) => (answer = resolve)) });
    const user = userEvent.setup();
    renderWithStore(<LensPanel connection={connection} schemaId="s1" method={method} />, client);
    await user.click(within(serverView()).getByRole('button', { name: 'Query server channelz' }));
    expect(within(serverView()).getByRole('button', { name: 'Query server channelz' })).toHaveProperty(
      'disabled',
      true,
    );
    await user.selectOptions(screen.getByLabelText('Load balancing'), 'round_robin');
    await act(async () => answer(serverChannelzReport()));
    expect(within(serverView()).queryByRole('table')).toBeNull();
    expect(within(serverView()).getByRole('button', { name: 'Query server channelz' })).toHaveProperty(
      'disabled',
      false,
    );
  });
});
