// @vitest-environment jsdom
// The renderer store is browser code: its types need the DOM lib. The page is parsed by jsdom's DOMParser.
/// <reference lib="dom" />
/**
 * The page's start state end to end, without a browser: the real browser-mode server keeps a
 * workspace whose draft holds `</script>`, `<!--` and U+2028 / U+2029; the page it serves (behind
 * its token only), parsed by a real HTML parser (jsdom's), gives the store exactly that draft back,
 * in its first microtask and without asking the host for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../shared/api';
import { parseStartState, startStateElementId } from '../../shared/api';
import { findPackageInfo } from '../../main/serve/package-info';
import { startServe, type ServeHandle } from '../../main/serve/server';
import { rawGet } from '../../main/serve/testing/http-client';
import { openTestSocket } from '../../main/serve/testing/ws-client';
import { FakeWorkbenchClient } from '../../renderer/src/testing/fake-client';
import { testStore } from '../../renderer/src/testing/test-store';

const typed = '{"note": "</script><script>alert(1)</script> <!-- a\u2028b\u2029c </SCRIPT >"}';
const workspace: Workspace = {
  version: 1,
  tabs: [
    {
      id: 'tab-1',
      draft: { kind: 'grpc-request', name: 'Tricky </script>', method: 'a.B/C', target: 'h:1', message: typed },
      view: { typed: [{ key: 'x-note', value: '</script>\u2028' }] },
    },
  ],
  activeTabId: 'tab-1',
  collections: [],
};

describe('the page a host serves, with the kept workspace in it', () => {
  let dataDir: string;
  let server: ServeHandle;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'workbench-start-state-'));
    server = await startServe({ staticDir: join(findPackageInfo().root, 'renderer'), dataDir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives the store the draft exactly as typed, before any round trip', async () => {
    const socket = await openTestSocket(`ws://127.0.0.1:${server.port}/ws`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    try {
      expect(await socket.call('saveWorkspace', { workspace })).not.toHaveProperty('error');
    } finally {
      socket.socket.close();
    }
    const page = await rawGet(server.port, '/', { authorization: `Bearer ${server.token}` });
    expect(page.status).toBe(200);
    expect(Number(page.headers['content-length'])).toBe(Buffer.byteLength(page.body));
    // Only behind the token: a refusal carries nothing of it.
    const refused = await rawGet(server.port, '/');
    expect(refused.status).toBe(401);
    expect(refused.body).not.toContain('Tricky');
    const document = new DOMParser().parseFromString(page.body, 'text/html');
    // Nothing of the draft escaped the element: one data block, and no script the page did not have.
    expect(document.querySelectorAll('script:not([src])')).toHaveLength(1);
    const startState = parseStartState(document.getElementById(startStateElementId)?.textContent);
    expect(startState?.workspace).toEqual({ workspace });

    const client = new FakeWorkbenchClient();
    const { store } = testStore(client, { keepWorkspace: true, workspaceSaveDelayMs: 60_000, startState: startState! });
    await Promise.resolve();
    expect(store.getState().activeTabId).toBe('tab-1');
    expect(store.getState().draft.message).toBe(typed);
    expect(store.getState().tabs[0]?.title).toBe('Tricky </script>');
    expect(client.paramsOf('loadWorkspace')).toEqual([]);
    store.getState().dispose();
  });
});
