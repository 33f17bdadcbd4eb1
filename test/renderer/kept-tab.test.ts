// The renderer store is browser code (its frame batcher names requestAnimationFrame): its types need the DOM lib.
/// <reference lib="dom" />
/**
 * A kept tab reopened (issue 14, UI start), over the real engine, the host's workspace in a data
 * folder and the demo lab: the page that picked GetUser keeps its description with the draft; a
 * fresh page (a new engine session, as after a reload) has Send ready before its schema is back,
 * and a Send then really calls the lab — the host waits for the schema the call names. A kept
 * method the server no longer has fails with the host's reason, and the tab says so.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEventHub, createInProcessClient, type WorkbenchClient, type WorkbenchEvent } from '../../shared/api';
import type { Workspace } from '../../shared/api';
import { createEngineService } from '../../main/engine/index';
import { createHostWorkspace } from '../../main/host/workspace/index';
import { startLab, type Lab } from '../../proto-samples/lab/index';
import { selectSelectedMethod } from '../../renderer/src/services/services-slice';
import { sequentialClientIds } from '../../renderer/src/store/client-id';
import { createWorkbenchStore } from '../../renderer/src/store/create-store';
import { manualFrames } from '../../renderer/src/testing/test-store';

const GET_USER = 'user.v1.UserService/GetUser';

describe('a kept tab reopened on a fresh page', () => {
  let lab: Lab;
  let dataDir: string;
  beforeAll(async () => {
    lab = await startLab();
    dataDir = mkdtempSync(join(tmpdir(), 'workbench-kept-tab-'));
  });
  afterAll(async () => {
    await lab.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One page: its own engine session (as each browser tab gets), the host's one workspace file. */
  function openPage() {
    const workspace = createHostWorkspace({ dataDir });
    const events = createEventHub();
    const engine = createEngineService({
      emit: events.emit,
      hostInfo: { version: 'test', host: 'browser' },
      workspace: workspace.operations,
    });
    const inProcess = createInProcessClient(engine, events);
    /** The schema loads answered so far, and how many had been answered when each call was sent. */
    const schemaLoads: string[] = [];
    const loadsAnsweredAtSend: number[] = [];
    const client: WorkbenchClient = Object.assign(Object.create(inProcess) as WorkbenchClient, {
      loadSchema: async (params: Parameters<WorkbenchClient['loadSchema']>[0]) => {
        const result = await inProcess.loadSchema(params);
        schemaLoads.push(result.schemaId);
        return result;
      },
      startCall: (params: Parameters<WorkbenchClient['startCall']>[0]) => {
        loadsAnsweredAtSend.push(schemaLoads.length);
        return inProcess.startCall(params);
      },
    });
    const frames = manualFrames();
    const store = createWorkbenchStore(client, {
      initialTarget: lab.target,
      keepWorkspace: true,
      workspaceSaveDelayMs: 0,
      schedule: frames.schedule,
      newId: sequentialClientIds(),
    });
    const ended = (callId: string) =>
      new Promise<void>((done) => {
        const stop = client.onEvent((event: WorkbenchEvent) => {
          if (event.type === 'call-end' && event.callId === callId) {
            stop();
            done();
          }
        });
      });
    return {
      store,
      state: () => store.getState(),
      frames,
      schemaLoads,
      loadsAnsweredAtSend,
      ended,
      async close() {
        await store.getState().flushWorkspace();
        store.getState().dispose();
        await engine.dispose();
      },
    };
  }

  it('sends at once, and the call reaches the lab once the host has the schema again', async () => {
    const first = openPage();
    await first.state().whenWorkspaceRestored();
    await first.state().connect();
    await first.state().selectMethod(first.state().methodIndex.get(GET_USER)!);
    first.state().setRequestText('{"id":"u7"}');
    await vi.waitFor(() => expect(first.state().description.status).toBe('loaded'));
    const description = first.state().description;
    await first.close();
    const kept = JSON.parse(readFileSync(join(dataDir, 'workspace.json'), 'utf8')) as Workspace;
    expect(kept.tabs[0]?.view?.described).toEqual(description.status === 'loaded' ? description.value : undefined);

    const page = openPage();
    try {
      await page.state().whenWorkspaceRestored();
      // Restored, not yet fetched again: the method is there and Send with it.
      expect(page.state().schema.status).toBe('loading');
      expect(selectSelectedMethod(page.state())?.path).toBe(GET_USER);
      expect(page.schemaLoads).toEqual([]);
      const callId = 'call-1';
      const callEnded = page.ended(callId);
      await page.state().send();
      expect(page.state().callError).toBeUndefined();
      await callEnded;
      page.frames.runFrame();
      // Sent before the schema load was answered; the host ran it on that schema.
      expect(page.loadsAnsweredAtSend).toEqual([0]);
      expect(page.schemaLoads).toEqual(['schema-1']);
      const call = page.state().call;
      expect(call?.callId).toBe(callId);
      expect(call?.status?.name).toBe('OK');
      expect(call?.messages[0]?.json).toMatchObject({ id: 'u7' });
      await vi.waitFor(() => expect(page.state().describedKey).toBe(`schema-1 ${GET_USER}`));
      expect(page.state().descriptionNotice).toBeUndefined();
    } finally {
      await page.close();
    }
  });

  it('fails a Send on a kept method the server no longer has with the host’s reason, and the tab says so', async () => {
    const seed = openPage();
    await seed.state().whenWorkspaceRestored();
    await seed.close();
    const kept = JSON.parse(readFileSync(join(dataDir, 'workspace.json'), 'utf8')) as Workspace;
    const tab = kept.tabs[0]!;
    const retired = 'user.v1.UserService/Retired';
    tab.draft = { ...tab.draft, method: retired };
    tab.view = { ...tab.view, described: { ...(tab.view!.described as object), name: 'Retired', path: retired } };
    await createHostWorkspace({ dataDir }).operations.saveWorkspace({
      workspace: { ...kept, collections: kept.collections ?? [] },
    });

    const page = openPage();
    try {
      await page.state().whenWorkspaceRestored();
      expect(selectSelectedMethod(page.state())?.path).toBe(retired);
      await page.state().send();
      expect(page.loadsAnsweredAtSend).toEqual([0]);
      expect(page.state().call).toBeUndefined();
      expect(page.state().callError).toMatchObject({ kind: 'unknown_method' });
      await vi.waitFor(() => expect(page.state().schema.status).toBe('loaded'));
      expect(selectSelectedMethod(page.state())).toBeUndefined();
      expect(page.state().description).toMatchObject({
        status: 'error',
        error: {
          kind: 'unknown_method',
          message: `${lab.target} no longer has ${retired}: the server's schema, loaded again for this kept tab, has no such method.`,
        },
      });
    } finally {
      await page.close();
    }
  });
});
