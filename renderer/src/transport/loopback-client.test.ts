import { describe, expect, it } from 'vitest';
import type { WorkbenchApi, WorkbenchEvent } from '../../../shared/api/contract';
import { createLoopbackClient } from './loopback-client';

const noEvents = { subscribe: () => () => undefined };

describe('createLoopbackClient', () => {
  it('validates params like a host, applying defaults', async () => {
    let received: unknown;
    const api = {
      loadSchema: async (params: unknown) => {
        received = params;
        return { schemaId: 's1', services: [], fileCount: 0, problems: [] };
      },
    } as unknown as WorkbenchApi;
    const client = createLoopbackClient(api, noEvents);
    await expect(client.loadSchema({ kind: 'protoFiles', files: ['a.proto'] })).resolves.toMatchObject({
      schemaId: 's1',
    });
    expect(received).toEqual({ kind: 'protoFiles', files: ['a.proto'], importPaths: [] });
    await expect(client.loadSchema({ kind: 'protoFiles', files: [] })).rejects.toMatchObject({
      kind: 'bad_input',
      subject: 'files',
    });
  });

  it('keeps the kind and hint of engine errors and reports anything else as internal', async () => {
    const api = {
      cancelCall: async () =>
        Promise.reject(Object.assign(new Error('No call c1'), { kind: 'not_found', hint: 'It ended.' })),
      halfClose: async () => Promise.reject(new TypeError('oops')),
    } as unknown as WorkbenchApi;
    const client = createLoopbackClient(api, noEvents);
    await expect(client.cancelCall({ callId: 'c1' })).rejects.toMatchObject({
      kind: 'not_found',
      message: 'No call c1',
      hint: 'It ended.',
    });
    await expect(client.halfClose({ callId: 'c1' })).rejects.toMatchObject({ kind: 'internal', message: 'oops' });
  });

  it('delivers events from the registration', () => {
    let emit: ((events: WorkbenchEvent[]) => void) | undefined;
    const client = createLoopbackClient({} as WorkbenchApi, {
      subscribe: (l) => ((emit = l), () => (emit = undefined)),
    });
    const seen: WorkbenchEvent[] = [];
    client.onEvent((e) => seen.push(e));
    emit?.([{ type: 'call-sent', callId: 'c', count: 1, atMs: 0 }]);
    expect(seen).toHaveLength(1);
  });
});
