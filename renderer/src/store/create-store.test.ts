import { describe, expect, it } from 'vitest';
import { channelSnapshot, pinnedReport } from '../testing/lens-fixtures';
import { connectedStore, methodNamed } from '../testing/test-store';

describe('the combined store', () => {
  it('holds every slice’s state and actions in one state', async () => {
    const { store } = await connectedStore();
    const state = store.getState();
    for (const action of [
      'toggleTheme',
      'connect',
      'acquireChannel',
      'selectMethod',
      'setRequestText',
      'send',
      'startBurst',
    ])
      expect(typeof state[action as keyof typeof state]).toBe('function');
    expect(state.schema.status).toBe('loaded');
  });

  it('dispose ends every slice’s subscriptions and watches', async () => {
    const { client, store, frames } = await connectedStore();
    await store.getState().selectMethod(methodNamed('ListUsers'));
    await store.getState().send();
    store.getState().dispose();
    expect(client.paramsOf('unwatchChannel')).toEqual([{ watchId: 'watch-1' }]);
    client.emit(
      { type: 'call-messages', callId: 'call-1', messages: [{ index: 0, json: {}, sizeBytes: 2, receivedMs: 1 }] },
      { type: 'channel-state', watchId: 'watch-1', snapshot: channelSnapshot({ state: 'READY' }) },
      { type: 'burst-end', burstId: 'burst-1', report: pinnedReport() },
    );
    frames.runFrame();
    expect(store.getState().call?.receivedTotal).toBe(0);
    expect(store.getState().burst.report).toBeUndefined();
  });
});
