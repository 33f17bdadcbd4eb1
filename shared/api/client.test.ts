import { describe, expect, it } from 'vitest';
import { createInProcessClient, followEvents } from './client';
import { WorkbenchError } from './errors';
import type { WorkbenchApi, WorkbenchEvent } from './operations';

const noEvents = { subscribe: () => () => undefined };

/** An event source a test pushes into, counting its subscriptions. */
function pushableEvents() {
  let listener: ((events: WorkbenchEvent[]) => void) | undefined;
  let subscriptions = 0;
  return {
    source: {
      subscribe: (l: (events: WorkbenchEvent[]) => void) => {
        subscriptions++;
        listener = l;
        return () => (listener = undefined);
      },
    },
    push: (...events: WorkbenchEvent[]) => listener?.(events),
    linked: () => listener !== undefined,
    subscriptions: () => subscriptions,
  };
}

describe('createInProcessClient', () => {
  it('validates params like a host, applying defaults', async () => {
    let received: unknown;
    const api = {
      loadSchema: async (params: unknown) => {
        received = params;
        return { schemaId: 's1', services: [], fileCount: 0, problems: [] };
      },
    } as unknown as WorkbenchApi;
    const client = createInProcessClient(api, noEvents);
    await expect(client.loadSchema({ sources: [{ kind: 'protoFiles', files: ['a.proto'] }] })).resolves.toMatchObject({
      schemaId: 's1',
    });
    expect(received).toEqual({ sources: [{ kind: 'protoFiles', files: ['a.proto'], importPaths: [] }] });
    await expect(client.loadSchema({ sources: [{ kind: 'protoFiles', files: [] }] })).rejects.toMatchObject({
      kind: 'bad_input',
      subject: 'sources[0].files',
    });
  });

  it('keeps the kind and hint of WorkbenchErrors and reports anything else as internal', async () => {
    const api = {
      cancelCall: async () => Promise.reject(new WorkbenchError('not_found', 'No call c1', { hint: 'It ended.' })),
      halfClose: async () => Promise.reject(new TypeError('oops')),
    } as unknown as WorkbenchApi;
    const client = createInProcessClient(api, noEvents);
    const rejection = client.cancelCall({ callId: 'c1' });
    await expect(rejection).rejects.toBeInstanceOf(WorkbenchError);
    await expect(rejection).rejects.toMatchObject({ kind: 'not_found', message: 'No call c1', hint: 'It ended.' });
    await expect(client.halfClose({ callId: 'c1' })).rejects.toMatchObject({ kind: 'internal', message: 'oops' });
  });

  it('refuses a client id that is empty or not a plain token, naming the field', async () => {
    const client = createInProcessClient({} as WorkbenchApi, noEvents);
    const connection = { target: 'h:1', tls: { mode: 'plaintext' as const } };
    for (const callId of ['', '../etc/passwd']) {
      await expect(client.startCall({ callId, schemaId: 's', method: 'S/M', connection })).rejects.toMatchObject({
        kind: 'bad_input',
        subject: 'callId',
      });
    }
  });

  it('has no clipboard or save dialog of its own: a value is left to the caller to copy', async () => {
    const client = createInProcessClient({} as WorkbenchApi, noEvents);
    await expect(client.deliverMessageValue({ callId: 'c1', index: 0, path: [] }, 'clipboard')).resolves.toBe(
      'unsupported',
    );
  });

  it('delivers every event to onEvent', () => {
    const events = pushableEvents();
    const client = createInProcessClient({} as WorkbenchApi, events.source);
    const seen: WorkbenchEvent[] = [];
    client.onEvent((e) => seen.push(e));
    events.push({ type: 'call-sent', callId: 'c', count: 1, atMs: 0 });
    expect(seen).toHaveLength(1);
  });

  it('routes events by id to subscribers, over one link subscription dropped with the last listener', () => {
    const events = pushableEvents();
    const client = createInProcessClient({} as WorkbenchApi, events.source);
    const forA: WorkbenchEvent[] = [];
    const forBurst: WorkbenchEvent[] = [];
    const stopA = client.subscribe('a', (e) => forA.push(e));
    const stopBurst = client.subscribe('b1', (e) => forBurst.push(e));
    events.push(
      { type: 'call-sent', callId: 'a', count: 1, atMs: 0 },
      { type: 'call-sent', callId: 'other', count: 1, atMs: 0 },
      { type: 'burst-end', burstId: 'b1', report: {} as never },
      { type: 'channel-state', watchId: 'a', snapshot: {} as never },
    );
    expect(forA.map((e) => e.type)).toEqual(['call-sent', 'channel-state']);
    expect(forBurst.map((e) => e.type)).toEqual(['burst-end']);
    expect(events.subscriptions()).toBe(1);
    stopA();
    expect(events.linked()).toBe(true);
    stopBurst();
    expect(events.linked()).toBe(false);
  });
});

describe('followEvents', () => {
  it('hears one id until its end event, then stops listening', async () => {
    const events = pushableEvents();
    const client = createInProcessClient({} as WorkbenchApi, events.source);
    const seen: string[] = [];
    const call = followEvents(
      client,
      'c',
      (e): e is Extract<WorkbenchEvent, { type: 'call-end' }> => e.type === 'call-end',
      (e) => seen.push(e.type),
    );
    events.push({ type: 'call-sent', callId: 'c', count: 1, atMs: 0 });
    expect(call.hasEnded()).toBe(false);
    events.push({ type: 'call-end', callId: 'c' } as WorkbenchEvent);
    expect(call.hasEnded()).toBe(true);
    events.push({ type: 'call-sent', callId: 'c', count: 2, atMs: 0 });
    expect((await call.ended).type).toBe('call-end');
    expect(seen).toEqual(['call-sent', 'call-end']);
    expect(events.linked()).toBe(false);
  });
});
