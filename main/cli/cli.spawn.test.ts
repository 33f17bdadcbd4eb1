import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../proto-samples/lab';
import { spawnNode, type ProcessRun } from './testing/spawn-node';

/**
 * The installed command end to end: `node bin/grpc-workbench.js` → dist/cli.js (built by
 * `npm run build`), checking what in-process runs cannot: the process exits by itself once the
 * call is done (no channel or stdin keeps it alive), stdout is complete, and the exit status is set.
 */
const repo = resolve(import.meta.dirname, '../..');
const bin = resolve(repo, 'bin/grpc-workbench.js');
const built = existsSync(resolve(repo, 'dist/cli.js'));
if (!built) console.warn('cli.spawn.test: skipped, dist/cli.js is missing (run `npm run build`).');

function runBin(argv: string[], stdin = ''): Promise<ProcessRun> {
  return spawnNode(bin, argv, { stdin });
}

describe.skipIf(!built)('bin/grpc-workbench.js', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend({ name: 'spawned' });
  });
  afterAll(() => backend.close());

  it('makes a unary call and exits 0 on its own', async () => {
    const run = await runBin([
      '-plaintext',
      '-d',
      '{"id":"u3","readMask":"id"}',
      backend.address,
      'user.v1.UserService/GetUser',
    ]);
    expect(run).toEqual({ code: 0, stdout: '{\n  "id": "u3"\n}\n', stderr: '' });
  });

  it('streams NDJSON from a piped stdin into a client stream', async () => {
    const run = await runBin(
      ['-plaintext', '-d', '@', backend.address, 'user.v1.UserService/ImportUsers'],
      '{"id":"u1","name":"A"}\n{"id":"u2","name":"B"}\n',
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ importedCount: 2, ids: ['u1', 'u2'] });
  });

  it('prints every command of its help (the bundle evaluates modules in its own order)', async () => {
    const run = await runBin(['-help']);
    expect(run.code).toBe(0);
    for (const command of ['forward', 'k8s check', 'serve', 'run', 'export grpcurl', 'import grpcurl'])
      expect(run.stdout).toContain(`grpc-workbench ${command} `);
    expect(run.stdout).not.toMatch(/\bundefined\b/);
  });

  it('exits 64 + code for a non-OK status', async () => {
    const run = await runBin([
      '-plaintext',
      '-d',
      '{"id":"u99999999"}',
      backend.address,
      'user.v1.UserService/GetUser',
    ]);
    expect(run.code).toBe(64 + 5);
    expect(run.stderr).toMatch(/^ERROR:\n {2}Code: NotFound\n/);
  });
});
