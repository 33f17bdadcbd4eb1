import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../proto-samples/lab';
import { spawnNode, type ProcessRun } from './testing/spawn-node';

/**
 * dist/cli.js (main/cli/launch.ts) starting the CLI bundle from the compiled code cached in the
 * user's cache folder: the cache is written, grows with the commands run, and a stale, corrupt or
 * unwritable one never changes what a command does. Needs `npm run build`.
 */
const repo = resolve(import.meta.dirname, '../..');
const built = existsSync(resolve(repo, 'dist/cli-main.cjs'));
if (!built) console.warn('launch.spawn.test: skipped, dist/cli-main.cjs is missing (run `npm run build`).');
// Node ≥ 22.1 caches the bundle itself (module.enableCompileCache): no file of ours to look at.
const ownCache = !('enableCompileCache' in Module);

function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return spawnNode('dist/cli.js', argv, { env });
}

describe.skipIf(!built || !ownCache)('the CLI launcher', () => {
  let backend: Backend;
  let cacheRoot: string;
  const codeDir = (): string => join(cacheRoot, 'cli-code');
  const cacheFiles = (): string[] => (existsSync(codeDir()) ? readdirSync(codeDir()) : []);
  const kindsIn = (file: string): unknown =>
    JSON.parse(readFileSync(join(codeDir(), file), 'latin1').split('\n', 1)[0]!);
  const call = (): string[] => [
    '-plaintext',
    '-d',
    '{"id":"u3","readMask":"id"}',
    backend.address,
    'user.v1.UserService/GetUser',
  ];
  const expectedCall = { code: 0, stdout: '{\n  "id": "u3"\n}\n', stderr: '' };

  beforeAll(async () => {
    backend = await startBackend({ name: 'launched' });
  });
  afterAll(() => backend.close());
  beforeEach(() => {
    cacheRoot = mkdtempSync(join(tmpdir(), 'wb-launch-'));
  });
  afterEach(() => {
    rmSync(cacheRoot, { recursive: true, force: true });
  });

  it('writes the compiled code once per command kind, and runs from it', async () => {
    const env = { GRPC_WORKBENCH_CACHE_DIR: cacheRoot };
    expect(await runCli(['-version'], env)).toMatchObject({ code: 0, stderr: '' });
    expect(cacheFiles()).toHaveLength(1);
    const [file] = cacheFiles();
    expect(kindsIn(file!)).toEqual(['version']);

    expect(await runCli(call(), env)).toEqual(expectedCall);
    expect(cacheFiles()).toEqual([file]);
    expect(kindsIn(file!)).toEqual(['version', 'invoke']);
    const written = readFileSync(join(codeDir(), file!));

    expect(await runCli(call(), env)).toEqual(expectedCall);
    expect(readFileSync(join(codeDir(), file!)).equals(written)).toBe(true);
  });

  it('runs the same from a corrupt cache file, and writes it again', async () => {
    const env = { GRPC_WORKBENCH_CACHE_DIR: cacheRoot };
    await runCli(call(), env);
    const [file] = cacheFiles();
    const data = readFileSync(join(codeDir(), file!));
    // The header kept (the launcher trusts it), V8's data damaged: V8 must reject it.
    const header = data.indexOf(0x0a) + 1;
    writeFileSync(join(codeDir(), file!), Buffer.concat([data.subarray(0, header), Buffer.alloc(4096, 0x5a)]));
    expect(await runCli(call(), env)).toEqual(expectedCall);
    expect(readFileSync(join(codeDir(), file!)).length).toBeGreaterThan(4096 + header);

    writeFileSync(join(codeDir(), file!), 'not a cache');
    expect(await runCli(call(), env)).toEqual(expectedCall);
    expect(kindsIn(file!)).toEqual(['invoke']);
  });

  it('runs the same when the cache folder cannot be made (a file is in its place)', async () => {
    const notADir = join(cacheRoot, 'file');
    writeFileSync(notADir, 'x');
    expect(await runCli(call(), { GRPC_WORKBENCH_CACHE_DIR: notADir })).toEqual(expectedCall);
    expect(await runCli(['-version'], { GRPC_WORKBENCH_CACHE_DIR: notADir })).toMatchObject({ code: 0 });
  });

  it('writes nothing with NODE_DISABLE_COMPILE_CACHE', async () => {
    expect(await runCli(call(), { GRPC_WORKBENCH_CACHE_DIR: cacheRoot, NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(
      expectedCall,
    );
    expect(cacheFiles()).toEqual([]);
  });
});
