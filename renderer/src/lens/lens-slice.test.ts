import { describe, expect, it } from 'vitest';
import type { BurstRequest, ConnectionOptions, OperationResults } from '../../../shared/api';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { pinnedReport, serverChannelzReport } from '../testing/lens-fixtures';
import { testStore } from '../testing/test-store';
import { selectChannelzQueryCalls, selectServerChannelz } from './lens-slice';

const connection: ConnectionOptions = { target: '127.0.0.1:7000', tls: { mode: 'plaintext' } };
const request: Omit<BurstRequest, 'burstId'> = {
  schemaId: 's1',
  method: 'user.v1.UserService/GetUser',
  connection,
  total: 30,
  concurrency: 10,
};

describe('lens slice', () => {
  it('runs a burst, follows its progress and end, and ignores other bursts', async () => {
    const { client, store } = testStore();
    await store.getState().startBurst(request);
    expect(client.paramsOf('startBurst')).toEqual([{ burstId: 'burst-1', ...request }]);
    expect(store.getState().burst.running).toBe(true);
    client.emit({
      type: 'burst-progress',
      burstId: 'burst-1',
      done: 10,
      total: 30,
      report: { ...pinnedReport(), calls: 10 },
    });
    expect(store.getState().burst.report?.calls).toBe(10);
    client.emit({ type: 'burst-end', burstId: 'other', report: { ...pinnedReport(), calls: 99 } });
    client.emit({ type: 'burst-end', burstId: 'burst-1', report: pinnedReport() });
    expect(store.getState().burst).toEqual({ running: false, report: pinnedReport() });
  });

  it('follows the burst from its first event: its id is known before startBurst is sent', async () => {
    let answer: () => void = () => undefined;
    const client = new FakeWorkbenchClient({
      startBurst: ({ burstId }) => new Promise((resolve) => (answer = () => resolve({ burstId }))),
    });
    const { store } = testStore(client);
    const starting = store.getState().startBurst(request);
    expect(client.paramsOf('startBurst')[0]?.burstId).toBe('burst-1');
    client.emit({
      type: 'burst-progress',
      burstId: 'burst-1',
      done: 10,
      total: 30,
      report: { ...pinnedReport(), calls: 10 },
    });
    expect(store.getState().burst).toMatchObject({ running: true, report: { calls: 10 } });
    client.emit({ type: 'burst-end', burstId: 'burst-1', report: pinnedReport() });
    answer();
    await starting;
    expect(store.getState().burst).toEqual({ running: false, report: pinnedReport() });
  });

  it('keeps why a burst could not start or stopped early, and cancels the running one', async () => {
    const client = new FakeWorkbenchClient({
      startBurst: () => Promise.reject({ kind: 'bad_input', message: 'concurrency too high' }),
    });
    const { store } = testStore(client);
    await store.getState().startBurst(request);
    expect(store.getState().burst).toEqual({
      running: false,
      error: { kind: 'bad_input', message: 'concurrency too high' },
    });

    client.handlers.startBurst = async ({ burstId }) => ({ burstId });
    await store.getState().startBurst(request);
    store.getState().cancelBurst();
    expect(client.paramsOf('cancelBurst')).toEqual([{ burstId: 'burst-2' }]);
    const error = { kind: 'connection' as const, message: 'shut down' };
    client.emit({ type: 'burst-end', burstId: 'burst-2', report: pinnedReport(), error });
    expect(store.getState().burst).toEqual({ running: false, report: pinnedReport(), error });
    store.getState().cancelBurst();
    expect(client.paramsOf('cancelBurst')).toHaveLength(1);
  });

  it('shows the server channelz answer only for the channel it asked about, and only the latest', async () => {
    const answers: ((value: OperationResults['serverChannelz']) => void)[] = [];
    const client = new FakeWorkbenchClient({ serverChannelz: () => new Promise((resolve) => answers.push(resolve)) });
    const { store } = testStore(client);
    const other = { ...connection, loadBalancingPolicy: 'round_robin' as const };
    const first = store.getState().queryServerChannelz(connection);
    expect(selectServerChannelz(connection)(store.getState())?.loading).toBe(true);
    const second = store.getState().queryServerChannelz(other);
    answers[0]!(serverChannelzReport());
    answers[1]!({ target: other.target, servers: [], queryCalls: 1 });
    await Promise.all([first, second]);
    expect(selectServerChannelz(connection)(store.getState())).toBeUndefined();
    expect(selectServerChannelz(other)(store.getState())).toMatchObject({ loading: false, report: { servers: [] } });
  });

  it('counts the calls the server channelz queries made on each channel, so the panel can tell them apart', async () => {
    const { store } = testStore();
    await store.getState().queryServerChannelz(connection);
    await store.getState().queryServerChannelz(connection);
    expect(selectChannelzQueryCalls(connection)(store.getState())).toBe(2);
    expect(selectChannelzQueryCalls({ ...connection, target: '127.0.0.1:1' })(store.getState())).toBe(0);
  });

  it('remembers how the running burst connects, for the channel panel', async () => {
    const { store } = testStore();
    void store.getState().startBurst({ ...request, connections: 'per-call' });
    expect(store.getState().burst).toEqual({ running: true, connections: 'per-call' });
  });

  it('keeps what the user typed in the burst form over defaults that arrive later', () => {
    const { store } = testStore();
    store.getState().editBurstSettings({ ...store.getState().burstSettings, total: 30, backendKey: 'x-pod' });
    store.getState().applyBurstDefaults({ backendKey: 'x-backend', knownBackendsText: 'b1\nb2' });
    expect(store.getState().burstSettings).toMatchObject({
      total: 30,
      backendKey: 'x-pod',
      knownBackendsText: 'b1\nb2',
    });
    expect([...store.getState().touchedBurstSettings].sort()).toEqual(['backendKey', 'total']);
  });
});
