import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GrpcRequest } from '../../../shared/collections/request';
import { CollectionStore, type CollectionChange, type TreeNode } from './collection-store';
import { saveLoopRequest } from './testing/save-loop-request';
import { stringifyFile } from './yaml-files';

const request = (name: string): GrpcRequest => ({
  kind: 'grpc-request',
  name,
  method: 'user.v1.UserService/GetUser',
  message: '{}\n',
});

function outline(nodes: readonly TreeNode[]): unknown[] {
  return nodes.map((node) => (node.type === 'folder' ? { [node.path]: outline(node.children) } : node.path));
}

describe('CollectionStore', () => {
  let dir: string;
  let store: CollectionStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'workbench-store-'));
    store = new CollectionStore(dir);
    await store.writeModel('collection', 'workbench.yaml', {
      kind: 'collection',
      version: 1,
      name: 'Store',
      order: ['zeta', 'users'],
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a tree in manifest order: listed children first, the rest alphabetically', async () => {
    await store.createFolder('', 'users', { kind: 'folder', name: 'Users', order: ['get', 'missing'] });
    await store.createRequest('users', 'list', request('List'));
    await store.createRequest('users', 'get', request('Get'));
    await store.createRequest('users', 'delete', request('Delete'));
    await store.createRequest('', 'zeta', request('Zeta'));
    await store.createRequest('', 'alpha', request('Alpha'));
    await store.writeModel('environment', 'environments/dev.yaml', {
      kind: 'environment',
      name: 'dev',
      vars: { a: '1' },
    });
    const tree = await store.open();
    expect(outline(tree.children)).toEqual([
      'zeta.grpc.yaml',
      { users: ['users/get.grpc.yaml', 'users/delete.grpc.yaml', 'users/list.grpc.yaml'] },
      'alpha.grpc.yaml',
    ]);
    expect(tree.environments).toMatchObject([{ id: 'dev', environment: { name: 'dev' } }]);
    expect(tree.problems).toEqual([
      { path: 'users/_folder.yaml', message: 'order lists "missing", which is not in the folder' },
    ]);
  });

  it('reports a damaged file with its place and leaves it untouched, while the rest opens', async () => {
    await store.createRequest('', 'good', request('Good'));
    const damaged = 'kind: grpc-request\nname: "unclosed\n';
    writeFileSync(join(dir, 'bad.grpc.yaml'), damaged);
    const tree = await store.open();
    expect(tree.children.map((node) => [node.path, node.name])).toEqual([
      ['bad.grpc.yaml', 'bad'],
      ['good.grpc.yaml', 'Good'],
    ]);
    expect(tree.children[0]).toMatchObject({
      problem: { path: 'bad.grpc.yaml', line: expect.any(Number), col: expect.any(Number) },
    });
    await expect(store.readRequest('bad.grpc.yaml')).rejects.toThrow(/^bad\.grpc\.yaml:\d+:\d+: /);
    await expect(store.writeRequest('bad.grpc.yaml', request('Overwrite'))).rejects.toThrow(/not saved/);
    expect(readFileSync(join(dir, 'bad.grpc.yaml'), 'utf8')).toBe(damaged);
  });

  it('saving an unchanged request keeps the file as it is; an edit keeps its comments', async () => {
    const text = '# mine\nkind: grpc-request\nname: Get   # the name\nmethod: a.B/C\n';
    writeFileSync(join(dir, 'get.grpc.yaml'), text);
    const model = await store.readRequest('get.grpc.yaml');
    await store.writeRequest('get.grpc.yaml', model);
    expect(readFileSync(join(dir, 'get.grpc.yaml'), 'utf8')).toBe(text);
    await store.writeRequest('get.grpc.yaml', { ...model, method: 'a.B/D' });
    expect(readFileSync(join(dir, 'get.grpc.yaml'), 'utf8')).toBe(
      '# mine\nkind: grpc-request\nname: Get # the name\nmethod: a.B/D\n',
    );
  });

  it('renames, moves and deletes, keeping the order entries in step', async () => {
    await store.createFolder('', 'users', { kind: 'folder', order: ['get'] });
    await store.createFolder('', 'zeta');
    const get = await store.createRequest('users', 'get', request('Get'));
    const renamed = await store.rename(get, 'fetch');
    expect(renamed).toBe('users/fetch.grpc.yaml');
    expect(readFileSync(join(dir, 'users/_folder.yaml'), 'utf8')).toContain('order: [fetch]');
    const moved = await store.move(renamed, 'zeta');
    expect(moved).toBe('zeta/fetch.grpc.yaml');
    expect(readFileSync(join(dir, 'users/_folder.yaml'), 'utf8')).toContain('order: []');
    await expect(store.createRequest('zeta', 'fetch', request('again'))).rejects.toThrow(/already exists/);
    await expect(store.rename('zeta', '../escape')).rejects.toThrow(/not a usable/);
    await store.rename('zeta', 'renamed-folder');
    expect(readFileSync(join(dir, 'workbench.yaml'), 'utf8')).toContain('order: [renamed-folder, users]');
    await store.delete('renamed-folder');
    expect(outline((await store.open()).children)).toEqual([{ users: [] }]);
    await expect(store.readRequest('../outside.grpc.yaml')).rejects.toThrow(/outside the collection/);
  });

  it('watches changes made by another program', async () => {
    const changes: CollectionChange[] = [];
    const stop = await store.watch((change) => changes.push(change));
    try {
      mkdirSync(join(dir, 'users'));
      writeFileSync(
        join(dir, 'users/new.grpc.yaml'),
        stringifyFile('request', request('New'), join(dir, 'users/new.grpc.yaml')),
      );
      await waitFor(() => changes.some((change) => change.path === 'users/new.grpc.yaml' && change.type === 'added'));
      writeFileSync(
        join(dir, 'users/new.grpc.yaml'),
        stringifyFile('request', request('Changed'), join(dir, 'users/new.grpc.yaml')),
      );
      await waitFor(() => changes.some((change) => change.path === 'users/new.grpc.yaml' && change.type === 'changed'));
      rmSync(join(dir, 'users/new.grpc.yaml'));
      await waitFor(() => changes.some((change) => change.path === 'users/new.grpc.yaml' && change.type === 'removed'));
      expect(changes).toContainEqual({ type: 'added', path: 'users', directory: true });
    } finally {
      await stop();
    }
  });

  it('a kill -9 in the middle of saving leaves the old or the new content, never a mix', async () => {
    const path = 'big.grpc.yaml';
    const versions = new Set(
      ['a', 'b'].map((version) => stringifyFile('request', saveLoopRequest(version as 'a' | 'b'), join(dir, path))),
    );
    const viteNode = fileURLToPath(new URL('../../../node_modules/.bin/vite-node', import.meta.url));
    const script = fileURLToPath(new URL('./testing/save-loop.ts', import.meta.url));
    for (const delayMs of [5, 40, 120]) {
      const child = spawn(viteNode, [script, dir, path], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((saved, failed) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('saved') && saved());
        child.once('exit', (code) => failed(new Error(`the saving child exited early (${code})`)));
      });
      await new Promise((done) => setTimeout(done, delayMs));
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGKILL');
      await exited;
      expect(versions.has(readFileSync(join(dir, path), 'utf8'))).toBe(true);
    }
    const tree = await store.open();
    expect(tree.children.map((node) => node.path)).toEqual([path]);
  }, 30_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((done) => setTimeout(done, 20));
  }
}
