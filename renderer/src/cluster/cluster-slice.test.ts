import { describe, expect, it } from 'vitest';
import { createWorkbenchStore } from '../store/create-store';
import { sequentialClientIds } from '../store/client-id';
import { FakeWorkbenchClient } from '../testing/fake-client';

describe('the cluster slice', () => {
  it('walks context → namespace → Services, and follows a forward it opened until it ends', async () => {
    const client = new FakeWorkbenchClient();
    const store = createWorkbenchStore(client, { newId: sequentialClientIds() });
    await store.getState().loadContexts();
    const { cluster } = store.getState();
    expect(cluster.selection).toEqual({ context: 'lab', namespace: 'lab' });
    expect(cluster.services.status).toBe('loaded');
    expect(client.paramsOf('listServices')).toEqual([{ context: 'lab', namespace: 'lab' }]);
    expect(store.getState().k8sTargetFor('user-svc', 'grpc')).toBe('k8s://lab/lab/user-svc:grpc');

    const forwardId = (await store.getState().startForward('user-svc', 'grpc', 'per-pod')) as string;
    expect(client.paramsOf('openForward')[0]).toMatchObject({
      forwardId,
      context: 'lab',
      namespace: 'lab',
      target: { kind: 'service', name: 'user-svc' },
      mode: 'per-pod',
    });
    const snapshot = { ...store.getState().cluster.forwards[forwardId]!, state: 'reconnecting' as const };
    client.emit({
      type: 'forward-state',
      forwardId,
      change: { at: '2026-01-01T00:00:00.000Z', state: 'reconnecting', reason: 'pod user-1 was deleted' },
      snapshot,
    });
    expect(store.getState().cluster.forwards[forwardId]?.state).toBe('reconnecting');
    client.emit({ type: 'forward-end', forwardId });
    expect(store.getState().cluster.forwards).toEqual({});
    store.getState().dispose();
  });
});
