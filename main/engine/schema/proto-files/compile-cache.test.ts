import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileProtoFiles } from './compile';
import { compileCacheDir } from './compile-cache';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wb-compile-cache-'));
  dirs.push(dir);
  return dir;
}

const messageNames = (result: Awaited<ReturnType<typeof compileProtoFiles>>) =>
  result.fileSet.file.flatMap((file) => file.messageType.map((message) => message.name));

describe('compiled descriptor sets cached by content', () => {
  it('loads an unchanged tree from the cache and compiles again when a file changes', async () => {
    const root = await tempDir();
    const cacheDir = await tempDir();
    const file = join(root, 'shop.proto');
    await writeFile(file, 'syntax = "proto3";\npackage shop;\nmessage Cart { string id = 1; }\n');
    const options = { files: [file], importPaths: [root], cacheDir };

    const first = await compileProtoFiles(options);
    expect(messageNames(first)).toEqual(['Cart']);
    const entries = await readdir(cacheDir);
    expect(entries).toHaveLength(2);

    // Same content: served from the cache, as a problem planted in the entry shows.
    const problemsEntry = join(
      cacheDir,
      entries.find((name) => name.endsWith('.problems.json'))!,
    );
    await writeFile(problemsEntry, JSON.stringify([{ file: 'planted', message: 'from the cache' }]));
    const again = await compileProtoFiles(options);
    expect(again.fileSet).toEqual(first.fileSet);
    expect(again.problems).toEqual([{ file: 'planted', message: 'from the cache' }]);
    expect(await readdir(cacheDir)).toEqual(entries);

    await writeFile(file, 'syntax = "proto3";\npackage shop;\nmessage Basket { string id = 1; }\n');
    expect(messageNames(await compileProtoFiles(options))).toEqual(['Basket']);
    expect(await readdir(cacheDir)).toHaveLength(4);
  });

  it('keeps problems with the cached set', async () => {
    const root = await tempDir();
    const cacheDir = await tempDir();
    await writeFile(join(root, 'good.proto'), 'syntax = "proto3";\npackage p;\nmessage Good {}\n');
    await writeFile(join(root, 'bad.proto'), 'syntax = "proto3";\npackage p;\nmessage Bad { Nope n = 1; }\n');
    const options = { files: [root], importPaths: [root], cacheDir };
    const first = await compileProtoFiles(options);
    expect(first.problems.length).toBeGreaterThan(0);
    expect(await compileProtoFiles(options)).toEqual(first);
  });

  it('lives in the user cache folder unless overridden', () => {
    expect(compileCacheDir({ HOME: '/home/u', XDG_CACHE_HOME: '/x' })).toBe('/x/grpc-workbench/descriptor-sets');
    expect(compileCacheDir({ GRPC_WORKBENCH_CACHE_DIR: '/t' })).toBe('/t/descriptor-sets');
  });
});
