import { describe, expect, it, vi } from 'vitest';
import { createWorkbenchStore } from '../store/create-store';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { manualFrames } from '../testing/test-store';
import { selectHostKind } from './app-slice';

describe('app slice', () => {
  it('connects to the demo lab on open when the host runs one and no target was typed', async () => {
    const lab = { target: 'localhost:7000', proxyTarget: 'localhost:7001', backends: [] };
    const client = new FakeWorkbenchClient({ hostInfo: async () => ({ version: 't', host: 'browser', lab }) });
    const store = createWorkbenchStore(client, { schedule: manualFrames().schedule });
    await vi.waitFor(() => expect(store.getState().schema.status).toBe('loaded'));
    expect(store.getState().draft.target).toBe('localhost:7001');
    expect(client.paramsOf('loadSchema')).toEqual([
      {
        sources: [
          expect.objectContaining({
            kind: 'reflection',
            connection: expect.objectContaining({ target: 'localhost:7001' }),
          }),
        ],
        schemaId: expect.any(String),
      },
    ]);

    const typed = new FakeWorkbenchClient({ hostInfo: async () => ({ version: 't', host: 'browser', lab }) });
    const typedStore = createWorkbenchStore(typed, { initialTarget: 'localhost:9', schedule: manualFrames().schedule });
    await typed.hostInfo({});
    await Promise.resolve();
    expect(typedStore.getState().draft.target).toBe('localhost:9');
    expect(typed.paramsOf('loadSchema')).toEqual([]);
  });

  it('asks the host about itself once and toggles the theme', async () => {
    const client = new FakeWorkbenchClient();
    const store = createWorkbenchStore(client, { initialTheme: 'dark', schedule: manualFrames().schedule });
    await vi.waitFor(() => expect(selectHostKind(store.getState())).toBe('browser'));
    expect(client.paramsOf('hostInfo')).toHaveLength(1);
    store.getState().toggleTheme();
    expect(store.getState().theme).toBe('light');
  });
});
