// Nothing lost: the real browser-mode server as its own process keeps the workspace and the history
// in its data folder; killed with SIGKILL in the middle of a stream of saves, a restart on the same
// folder gives back a whole workspace (one of those saved, never half of one) and the past call.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryListing, HistoryPage, Workspace, WorkspaceLoadResult } from '../../shared/api';
import { startTestServer, type TestServer } from '../engine/testing/test-server';
import { openTestSocket, type TestSocket } from './testing/ws-client';

const repo = resolve(import.meta.dirname, '../..');
const viteNode = resolve(repo, 'node_modules/.bin/vite-node');

interface ServeProcess {
  child: ChildProcess;
  client: TestSocket;
  /** Another page (a browser tab) on the same server. */
  openTab(): Promise<TestSocket>;
}

const running = new Set<ChildProcess>();
let grpc: TestServer | undefined;

afterEach(async () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
  await grpc?.close();
});

/** `grpc-workbench serve` from source, on a free port, with `dataDir` as its data folder. */
async function startServeProcess(dataDir: string): Promise<ServeProcess> {
  const child = spawn(viteNode, ['main/cli/main.ts', '--', 'serve', '--port', '0', '--ephemeral-token'], {
    cwd: repo,
    env: { ...process.env, GRPC_WORKBENCH_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await expect
    .poll(() => (child.exitCode !== null ? `exited: ${stderr}` : /running at http:\/\/\S+/.test(stdout)), {
      timeout: 60_000,
      interval: 100,
    })
    .toBe(true);
  const url = new URL(/http:\/\/\S+/.exec(stdout)![0]);
  const openTab = () =>
    openTestSocket(`ws://127.0.0.1:${url.port}/ws`, {
      headers: { authorization: `Bearer ${url.searchParams.get('token')}` },
    });
  return { child, client: await openTab(), openTab };
}

const sizeOf = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;

async function result<T>(client: TestSocket, op: string, params: unknown = {}): Promise<T> {
  const response = await client.call(op, params);
  if ('error' in response) throw new Error(`${op} failed: ${JSON.stringify(response.error)}`);
  return ('result' in response ? response.result : undefined) as T;
}

const workspaceWith = (activeTabId: string, body: string): Workspace => ({
  version: 1,
  tabs: [
    {
      id: activeTabId,
      draft: { kind: 'grpc-request', name: '', method: 'workbench.testing.v1.EchoService/Echo', message: body },
    },
  ],
  activeTabId,
  collections: [],
});

describe('browser mode keeps the workspace and the history across a SIGKILL', () => {
  it('gives back the workspace and the past call after the server was killed mid-edit', async () => {
    grpc = await startTestServer();
    const dataDir = mkdtempSync(join(tmpdir(), 'serve-crash-data-'));
    const first = await startServeProcess(dataDir);

    // A real call, found in the history.
    const connection = { target: grpc.target, tls: { mode: 'plaintext' } };
    const { schemaId } = await result<{ schemaId: string }>(first.client, 'loadSchema', {
      sources: [{ kind: 'reflection', connection }],
    });
    await result(first.client, 'startCall', {
      callId: 'call-1',
      schemaId,
      method: 'workbench.testing.v1.EchoService/Echo',
      connection,
      messages: ['{"text":"remember me"}'],
    });
    await expect
      .poll(async () => (await result<HistoryPage>(first.client, 'listHistory', { text: 'remember' })).entries.length)
      .toBe(1);

    // Another tab of the same server shares the history and the workspace file, and can browse folders.
    const otherTab = await first.openTab();
    expect((await result<HistoryPage>(otherTab, 'listHistory', { text: 'remember' })).entries).toHaveLength(1);
    const listing = await result<DirectoryListing>(otherTab, 'listDirectory', { path: dataDir });
    expect(listing).toMatchObject({ path: dataDir, parent: tmpdir(), folders: [], isCollection: false });
    otherTab.socket.close();

    // The user types: one save acknowledged, then a stream of saves the kill interrupts.
    await result(first.client, 'saveWorkspace', { workspace: workspaceWith('tab-0', '{"text":"typed 0"}') });
    const pad = 'x'.repeat(200_000); // big enough that a kill can land inside a write
    for (let index = 1; index <= 30; index++)
      void first.client.call('saveWorkspace', { workspace: workspaceWith(`tab-${index}`, `{"text":"${pad}"}`) });
    // Killed once the first of them reached the disk: the others are on their way or being written.
    await expect
      .poll(() => sizeOf(join(dataDir, 'workspace.json')), { timeout: 20_000, interval: 5 })
      .toBeGreaterThan(pad.length);
    const exited = once(first.child, 'exit');
    first.child.kill('SIGKILL');
    expect((await exited)[1]).toBe('SIGKILL');

    const second = await startServeProcess(dataDir);
    const loaded = await result<WorkspaceLoadResult>(second.client, 'loadWorkspace');
    expect(loaded.problem).toBeUndefined();
    expect(loaded.workspace?.activeTabId).toMatch(/^tab-([1-9]|[12][0-9]|30)$/);
    expect(loaded.workspace?.tabs[0]?.id).toBe(loaded.workspace?.activeTabId);
    const history = await result<HistoryPage>(second.client, 'listHistory', { text: 'remember me' });
    expect(history.entries).toMatchObject([
      { request: { method: 'workbench.testing.v1.EchoService/Echo', target: grpc.target }, status: { name: 'OK' } },
    ]);
    second.client.socket.close();
  });
});
