import { describe, expect, it } from 'vitest';
import type { WorkbenchEvent } from '../../../shared/api';
import type { PreloadBridge } from '../../../shared/api/ipc';
import { operationNames } from '../../../shared/api/ipc';
import { createBridgeClient } from './bridge-client';

/** A preload bridge as the real preload builds it: one method per operation returning outcomes. */
function fakeBridge() {
  const invoked: { op: string; params: unknown }[] = [];
  let listener: ((events: WorkbenchEvent[]) => void) | undefined;
  const bridge = Object.fromEntries(
    operationNames.map((op) => [
      op,
      async (params: unknown) => {
        invoked.push({ op, params });
        return op === 'cancelBurst' ? { error: { kind: 'not_found', message: 'No burst b9' } } : { result: { op } };
      },
    ]),
  ) as unknown as PreloadBridge;
  bridge.onEvents = (l) => {
    listener = l;
    return () => (listener = undefined);
  };
  return { bridge, invoked, push: (events: WorkbenchEvent[]) => listener?.(events) };
}

describe('createBridgeClient', () => {
  it('forwards every operation to the bridge method of the same name', async () => {
    const { bridge, invoked } = fakeBridge();
    const client = createBridgeClient(bridge);
    await expect(
      client.startBurst({
        burstId: 'b1',
        schemaId: 's',
        method: 'm',
        connection: { target: 't', tls: { mode: 'plaintext' } },
        total: 1,
        concurrency: 1,
      }),
    ).resolves.toEqual({ op: 'startBurst' });
    await expect(client.cancelBurst({ burstId: 'b9' })).rejects.toMatchObject({
      name: 'WorkbenchError',
      kind: 'not_found',
      message: 'No burst b9',
    });
    expect(invoked.map((i) => i.op)).toEqual(['startBurst', 'cancelBurst']);
  });

  it('fans event batches out to listeners', () => {
    const { bridge, push } = fakeBridge();
    const client = createBridgeClient(bridge);
    const seen: string[] = [];
    const unsubscribe = client.onEvent((event) => seen.push(event.type));
    push([
      { type: 'call-sent', callId: 'c', count: 1, atMs: 1 },
      { type: 'call-sent', callId: 'c', count: 2, atMs: 2 },
    ]);
    unsubscribe();
    push([{ type: 'call-sent', callId: 'c', count: 3, atMs: 3 }]);
    expect(seen).toEqual(['call-sent', 'call-sent']);
  });
});
