import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../../shared/api/errors';
import { compileProtoFiles } from './compile';
import { compileCacheDir, forgetDecodedSets } from './compile-cache';
import { settleMs } from './path-observations';
import { protocOnPath } from './protoc-cli';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wb-compile-cache-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, name)), { recursive: true });
    await writeFile(join(root, name), text);
  }
}

type Result = Awaited<ReturnType<typeof compileProtoFiles>>;
const messageNames = (result: Result) =>
  result.fileSet.file.flatMap((file) => file.messageType.map((message) => message.name));
const fileNames = (result: Result) => result.fileSet.file.map((file) => file.name);
const manifests = async (cacheDir: string) =>
  (await readdir(cacheDir)).filter((name) => name.endsWith('.manifest.json'));

describe('compiled descriptor sets cached by content', () => {
  afterEach(() => forgetDecodedSets());

  it('loads an unchanged tree from the cache and compiles again when a file changes', async () => {
    const root = await tempDir();
    const cacheDir = await tempDir();
    const file = join(root, 'shop.proto');
    await writeFile(file, 'syntax = "proto3";\npackage shop;\nmessage Cart { string id = 1; }\n');
    const options = { files: [file], importPaths: [root], cacheDir };

    const first = await compileProtoFiles(options);
    expect(messageNames(first)).toEqual(['Cart']);
    expect(first.cached).toBeUndefined();
    // A file written just now could change again unseen by its mtime: no manifest vouches for it.
    const entries = await readdir(cacheDir);
    expect(entries.sort()).toEqual([expect.stringMatching(/\.binpb$/), expect.stringMatching(/\.meta\.json$/)]);

    // Same content: served from the cache (by content), as a problem planted in the entry shows.
    const metaEntry = join(
      cacheDir,
      entries.find((name) => name.endsWith('.meta.json'))!,
    );
    await writeFile(metaEntry, JSON.stringify({ problems: [{ file: 'planted', message: 'from the cache' }] }));
    forgetDecodedSets();
    const again = await compileProtoFiles(options);
    expect(again.cached).toBe('unchanged-content');
    expect(again.fileSet).toEqual(first.fileSet);
    expect(again.problems).toEqual([{ file: 'planted', message: 'from the cache' }]);

    await writeFile(file, 'syntax = "proto3";\npackage shop;\nmessage Basket { string id = 1; }\n');
    const changed = await compileProtoFiles(options);
    expect(changed.cached).toBeUndefined();
    expect(messageNames(changed)).toEqual(['Basket']);
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
    forgetDecodedSets();
    expect(await compileProtoFiles(options)).toEqual({ ...first, cached: 'unchanged-content' });
  });

  it('lives in the user cache folder unless overridden', () => {
    expect(compileCacheDir({ HOME: '/home/u', XDG_CACHE_HOME: '/x' })).toBe('/x/grpc-workbench/descriptor-sets');
    expect(compileCacheDir({ GRPC_WORKBENCH_CACHE_DIR: '/t' })).toBe('/t/descriptor-sets');
  });
});

/**
 * The manifest: a settled tree (nothing changed for `settleMs`) loads again with `stat` alone, and
 * every change that could alter the result makes the next load compile again. The trees are
 * written once, then left to settle once for all the tests.
 */
describe('the stat-only manifest never serves a stale set', () => {
  const trees = new Map<string, string>();
  const tree = (name: string) => trees.get(name)!;
  const base = {
    'app/a.proto': 'syntax = "proto3";\npackage app;\nimport "lib/b.proto";\nmessage A { lib.B b = 1; }\n',
    'lib/b.proto': 'syntax = "proto3";\npackage lib;\nmessage B { string id = 1; }\n',
  };
  const names = [
    'unchanged',
    'same-size',
    'new-import',
    'shadow',
    'import-paths',
    'compiler',
    'directory',
    'removed-path',
  ];

  beforeAll(async () => {
    for (const name of names) {
      const root = await tempDir();
      await mkdir(join(root, 'first'));
      await writeTree(join(root, 'second'), base);
      trees.set(name, root);
    }
    // A whole second, so that the test restoring it restores it exactly.
    await utimes(join(tree('same-size'), 'second/lib/b.proto'), 1_700_000_000, 1_700_000_000);
    await new Promise((resolve) => setTimeout(resolve, settleMs + 200));
  }, settleMs + 10_000);
  afterEach(() => forgetDecodedSets());

  /** Compiles the tree once (writing its manifest); returns how to load it again. */
  async function established(
    name: string,
    files = ['app/a.proto'],
  ): Promise<{ root: string; cacheDir: string; load: (importPaths?: string[]) => Promise<Result> }> {
    const root = tree(name);
    const cacheDir = join(root, 'cache');
    const importPaths = [join(root, 'first'), join(root, 'second')];
    const load = (paths = importPaths) =>
      compileProtoFiles({ files: files.map((file) => join(root, 'second', file)), importPaths: paths, cacheDir });
    const first = await load();
    expect(first.problems).toEqual([]);
    expect(await manifests(cacheDir)).toHaveLength(1);
    return { root, cacheDir, load };
  }

  it('serves an unchanged tree by its manifest, decoded once per process', async () => {
    const { load } = await established('unchanged');
    const first = await load();
    expect(first.cached).toBe('unchanged-stats');
    expect(fileNames(first)).toEqual(['lib/b.proto', 'app/a.proto']);
    expect((await load()).fileSet).toBe(first.fileSet);
    forgetDecodedSets();
    const fresh = await load();
    expect(fresh.cached).toBe('unchanged-stats');
    expect(fresh.fileSet).toEqual(first.fileSet);
  });

  it('compiles again after a change that keeps the size and restores the mtime', async () => {
    const { root, load } = await established('same-size');
    const file = join(root, 'second/lib/b.proto');
    const before = await stat(file, { bigint: true });
    await writeFile(file, base['lib/b.proto'].replace('string id', 'string ix'));
    await utimes(file, 1_700_000_000, 1_700_000_000);
    const after = await stat(file, { bigint: true });
    expect([after.size, after.mtimeNs]).toEqual([before.size, before.mtimeNs]);
    const again = await load();
    expect(again.cached).toBeUndefined();
    expect(again.fileSet.file[0]!.messageType[0]!.field[0]!.name).toBe('ix');
  });

  it('compiles again when a file gains an import, and includes the new file', async () => {
    const { root, load } = await established('new-import');
    await writeTree(join(root, 'second'), {
      'lib/c.proto': 'syntax = "proto3";\npackage lib;\nmessage C {}\n',
      'lib/b.proto': 'syntax = "proto3";\npackage lib;\nimport "lib/c.proto";\nmessage B { C c = 1; }\n',
    });
    const again = await load();
    expect(again.cached).toBeUndefined();
    expect(fileNames(again)).toEqual(['lib/c.proto', 'lib/b.proto', 'app/a.proto']);
  });

  it('compiles again when a file appears in an earlier import path and shadows the one used', async () => {
    const { root, load } = await established('shadow');
    await writeTree(join(root, 'first'), {
      'lib/b.proto': 'syntax = "proto3";\npackage lib;\nmessage B { int64 shadowed = 1; }\n',
    });
    const again = await load();
    expect(again.cached).toBeUndefined();
    const b = again.fileSet.file.find((file) => file.name === 'lib/b.proto')!;
    expect(b.messageType[0]!.field[0]!.name).toBe('shadowed');
  });

  it('compiles again for other import paths', async () => {
    const { root, load } = await established('import-paths');
    await writeTree(join(root, 'third'), {
      'lib/b.proto': 'syntax = "proto3";\npackage lib;\nmessage B { bool third = 1; }\n',
    });
    const again = await load([join(root, 'third'), join(root, 'second')]);
    expect(again.cached).toBeUndefined();
    const b = again.fileSet.file.find((file) => file.name === 'lib/b.proto')!;
    expect(b.messageType[0]!.field[0]!.name).toBe('third');
  });

  it('compiles again when the compiler changes: another protoc first on the PATH, or none', async () => {
    const protoc = await protocOnPath();
    expect(protoc, 'protoc must be on the PATH (the protoc-oracle tests need it too)').toBeDefined();
    const { root, load } = await established('compiler');
    const savedPath = process.env.PATH;
    try {
      const otherBin = join(root, 'bin');
      await mkdir(otherBin);
      await symlink(protoc!, join(otherBin, 'protoc'));
      process.env.PATH = `${otherBin}${delimiter}${savedPath}`;
      const other = await load();
      expect([other.cached, other.compiledBy]).toEqual([undefined, 'protoc']);
      process.env.PATH = (savedPath ?? '')
        .split(delimiter)
        .filter((dir) => !existsSync(join(dir, 'protoc')))
        .join(delimiter);
      expect(await protocOnPath()).toBeUndefined();
      const none = await load();
      expect([none.cached, none.compiledBy]).toEqual([undefined, 'buf']);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('compiles again when a .proto file is added anywhere under a directory given as input', async () => {
    const { root, load } = await established('directory', ['app']);
    await writeTree(join(root, 'second'), {
      'app/deep/er/d.proto': 'syntax = "proto3";\npackage app;\nmessage D {}\n',
    });
    const again = await load();
    expect(again.cached).toBeUndefined();
    expect(fileNames(again)).toEqual(['lib/b.proto', 'app/a.proto', 'app/deep/er/d.proto']);
  });

  it('reports a removed import path or imported file instead of serving the set', async () => {
    const { root, load } = await established('removed-path');
    await rm(join(root, 'second/lib'), { recursive: true });
    const again = await load();
    expect(again.cached).toBeUndefined();
    expect(again.fileSet.file).toEqual([]);
    expect(again.problems[0]!.message).toContain('Import "lib/b.proto" was not found');
    await rm(join(root, 'first'), { recursive: true });
    await expect(load()).rejects.toSatisfy(
      (error: unknown) => error instanceof WorkbenchError && /Import path .* does not exist/.test(error.message),
    );
  });
});
