import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CollectionChange, WorkbenchEvent } from '../../../shared/api';
import { startLab, type Lab } from '../../../proto-samples/lab/index';
import { createWorkbenchService, type InProcessWorkbench } from '../index';
import type { SecretStore } from './secrets';

const example = fileURLToPath(new URL('../../../proto-samples/collections/lab', import.meta.url));
const SECRET = 'op-s3cret-0815';

/** A store in memory: what the host hands the engine (the Node file and Electron's are tested with the host). */
function memoryStore(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (key) => values.get(key),
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
  };
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) await new Promise((done) => setTimeout(done, 20));
  expect(condition()).toBe(true);
}

describe('the collections operations through the in-process client', () => {
  let lab: Lab;
  let root: string;
  let secrets: ReturnType<typeof memoryStore>;
  let client: InProcessWorkbench;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab.close();
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'workbench-ops-'));
    cpSync(example, root, { recursive: true });
    secrets = memoryStore();
    client = createWorkbenchService({ hostInfo: { version: 'test', host: 'cli' }, secrets });
  });
  afterEach(async () => {
    await client.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('opens the tree with problems, and reads, writes, creates, renames, moves and deletes entries', async () => {
    writeFileSync(join(root, 'users/broken.grpc.yaml'), 'kind: grpc-request\nname: [\n');
    const tree = await client.openCollection({ path: join(root, 'users') });
    expect(tree.root).toBe(root);
    expect(tree.children.map((node) => node.path)).toEqual(['users', 'errors', 'load-balancing']);
    expect(tree.problems).toEqual([expect.objectContaining({ path: 'users/broken.grpc.yaml', line: 3, col: 1 })]);

    const entry = await client.readCollectionEntry({ root, path: 'users/get-user.grpc.yaml' });
    expect(entry.model).toMatchObject({ kind: 'grpc-request', name: 'Get a user' });
    await client.writeCollectionEntry({
      root,
      path: 'users/get-user.grpc.yaml',
      model: { ...(entry.model as { kind: 'grpc-request'; name: string; method: string }), name: 'Get one user' },
    });
    const saved = readFileSync(join(root, 'users/get-user.grpc.yaml'), 'utf8');
    expect(saved).toBe(entry.text.replace('name: Get a user', 'name: Get one user'));
    await expect(
      client.writeCollectionEntry({ root, path: 'users/get-user.grpc.yaml', model: { kind: 'folder', name: 'x' } }),
    ).rejects.toMatchObject({ kind: 'bad_input' });

    const request = { kind: 'grpc-request' as const, name: 'Ping', method: 'user.v1.UserService/GetUser' };
    const { path } = await client.createCollectionEntry({
      root,
      folder: 'users',
      name: 'ping',
      entry: { type: 'request', request },
    });
    expect(path).toBe('users/ping.grpc.yaml');
    const renamed = await client.renameCollectionEntry({ root, path, newName: 'pong' });
    const moved = await client.moveCollectionEntry({ root, path: renamed.path, toFolder: 'errors' });
    expect(moved.path).toBe('errors/pong.grpc.yaml');
    await client.deleteCollectionEntry({ root, path: moved.path });
    expect(existsSync(join(root, 'errors/pong.grpc.yaml'))).toBe(false);
    await expect(client.openCollection({ path: tmpdir() })).rejects.toMatchObject({ kind: 'bad_input' });
  });

  it('watches the folder and reports changes made by another program', async () => {
    const changes: CollectionChange[] = [];
    const watchId = 'watch-1';
    const unsubscribe = client.subscribe(watchId, (event) => {
      if (event.type === 'collection-changed') changes.push(...event.changes);
    });
    await client.watchCollection({ watchId, root });
    writeFileSync(join(root, 'users/new.grpc.yaml'), 'kind: grpc-request\nname: New\nmethod: a.B/C\n');
    await waitFor(() => changes.some((change) => change.path === 'users/new.grpc.yaml' && change.type === 'added'));
    await client.unwatchCollection({ watchId });
    unsubscribe();
    await expect(client.unwatchCollection({ watchId })).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('keeps secrets in the host store, tells where each comes from, and never returns a value', async () => {
    expect((await client.secretStatus({ root })).secrets).toEqual([
      { name: 'apiKey', source: 'missing', environmentVariable: 'WORKBENCH_SECRET_APIKEY' },
    ]);
    await client.setSecret({ root, name: 'apiKey', value: SECRET });
    expect([...secrets.values.entries()]).toEqual([[`collection:${root}#apiKey`, SECRET]]);
    const status = await client.secretStatus({ root });
    expect(status.secrets[0]?.source).toBe('store');
    expect(JSON.stringify(status)).not.toContain(SECRET);
    await client.deleteSecret({ root, name: 'apiKey' });
    expect(secrets.values.size).toBe(0);
  });

  it('runs with run-progress per request and exactly one run-end, the stored secret masked; then its JUnit', async () => {
    await client.setSecret({ root, name: 'apiKey', value: SECRET });
    const runId = 'run-1';
    const events: WorkbenchEvent[] = [];
    const unsubscribe = client.subscribe(runId, (event) => events.push(event));
    await client.startRun({
      runId,
      paths: [join(root, 'users')],
      env: 'local',
      envVars: { target: lab.target },
    });
    await waitFor(() => events.some((event) => event.type === 'run-end'));
    await new Promise((done) => setTimeout(done, 50));
    unsubscribe();
    expect(events.map((event) => event.type)).toEqual([
      'run-progress',
      'run-progress',
      'run-progress',
      'run-progress',
      'run-end',
    ]);
    expect(events[3]).toMatchObject({ type: 'run-progress', done: 4, total: 4 });
    const end = events.at(-1);
    expect(end).toMatchObject({ type: 'run-end', report: { exitStatus: 0, passed: 4 } });
    expect(JSON.stringify(events)).not.toContain(SECRET);
    const junit = await client.exportRunJunit({ runId });
    expect(junit.fileName).toBe('Demo lab.junit.xml');
    expect(junit.xml).toContain('<testsuite name="users" tests="4"');
    expect(junit.xml).not.toContain(SECRET);
    await expect(client.exportRunJunit({ runId: 'nope' })).rejects.toMatchObject({ kind: 'not_found' });
  }, 30_000);

  it('converts to and from grpcurl', async () => {
    const { command } = await client.exportGrpcurl({
      file: join(root, 'users/get-user.grpc.yaml'),
      env: 'local',
      envVars: { target: lab.target },
    });
    expect(command).toContain('"x-api-key: $WORKBENCH_SECRET_APIKEY"');
    const imported = await client.importGrpcurl({ command, secretNames: ['apiKey'] });
    expect(imported.request).toMatchObject({
      method: 'user.v1.UserService/GetUser',
      target: lab.target,
      metadata: { 'x-api-key': '{{secret.apiKey}}' },
    });
    expect(imported.path).toBeUndefined();
  });
});
