import { describe, expect, it } from 'vitest';
import type { ConnectionOptions, OperationResults } from '../../../shared/api';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { channelSnapshot } from '../testing/lens-fixtures';
import { testStore } from '../testing/test-store';
import { channelKey, selectChannel } from './channels-slice';

const plain: ConnectionOptions = { target: '127.0.0.1:7000', tls: { mode: 'plaintext' } };
const roundRobin: ConnectionOptions = { ...plain, loadBalancingPolicy: 'round_robin' };

describe('channels slice', () => {
  it('keeps one watch per channel however many views hold it, and unwatches after the last release', async () => {
    const { client, store } = testStore();
    const releaseBadge = store.getState().acquireChannel(plain);
    const releaseLens = store.getState().acquireChannel({ ...plain });
    await Promise.resolve();
    expect(client.paramsOf('watchChannel')).toEqual([{ watchId: 'watch-1', connection: plain }]);
    expect(selectChannel(plain)(store.getState())).toMatchObject({ watchId: 'watch-1', snapshot: { state: 'IDLE' } });

    releaseBadge();
    releaseBadge(); // a second release of the same holder counts once
    expect(client.paramsOf('unwatchChannel')).toEqual([]);
    releaseLens();
    expect(client.paramsOf('unwatchChannel')).toEqual([{ watchId: 'watch-1' }]);
    expect(store.getState().channels).toEqual({});
  });

  it('watches channels of different settings apart and follows each one’s events', async () => {
    const { client, store } = testStore();
    store.getState().acquireChannel(plain);
    store.getState().acquireChannel(roundRobin);
    await Promise.resolve();
    expect(client.paramsOf('watchChannel')).toHaveLength(2);
    client.emit({ type: 'channel-state', watchId: 'watch-2', snapshot: channelSnapshot({ state: 'READY' }) });
    client.emit({ type: 'channel-state', watchId: 'nobody', snapshot: channelSnapshot({ state: 'SHUTDOWN' }) });
    expect(selectChannel(roundRobin)(store.getState())?.snapshot?.state).toBe('READY');
    expect(selectChannel(plain)(store.getState())?.snapshot?.state).toBe('IDLE');
    expect(Object.keys(store.getState().channels).sort()).toEqual([channelKey(plain), channelKey(roundRobin)].sort());
  });

  it('unwatches a watch whose views went away while it started, and keeps the one started after', async () => {
    const answers: ((value: OperationResults['watchChannel']) => void)[] = [];
    const client = new FakeWorkbenchClient({ watchChannel: () => new Promise((resolve) => answers.push(resolve)) });
    const { store } = testStore(client);
    store.getState().acquireChannel(plain)();
    // Not unwatched before the host answered the watch (it might not know it yet): once, after.
    expect(client.paramsOf('unwatchChannel')).toEqual([]);
    store.getState().acquireChannel(plain);
    expect(selectChannel(plain)(store.getState())).toEqual({ watchId: 'watch-2' });
    answers[0]!({ watchId: 'watch-1', snapshot: channelSnapshot() });
    answers[1]!({ watchId: 'watch-2', snapshot: channelSnapshot({ state: 'READY' }) });
    await Promise.resolve();
    await Promise.resolve();
    expect(client.paramsOf('unwatchChannel')).toEqual([{ watchId: 'watch-1' }]);
    expect(selectChannel(plain)(store.getState())).toMatchObject({ watchId: 'watch-2', snapshot: { state: 'READY' } });
  });

  it('says when a channel cannot be watched, and unwatches everything on dispose', async () => {
    const client = new FakeWorkbenchClient({ watchChannel: () => Promise.reject(new Error('not implemented')) });
    const { store } = testStore(client);
    store.getState().acquireChannel(plain);
    await Promise.resolve();
    await Promise.resolve();
    expect(selectChannel(plain)(store.getState())?.error?.message).toBe('not implemented');

    const healthy = testStore();
    healthy.store.getState().acquireChannel(plain);
    await Promise.resolve();
    healthy.store.getState().dispose();
    expect(healthy.client.paramsOf('unwatchChannel')).toEqual([{ watchId: 'watch-1' }]);
  });
});
