/**
 * Compiled descriptor sets cached by content, in the user's cache folder: a tree compiled once
 * (googleapis: ~30 s of buf and 2 GB) loads again from disk while nothing that went into it changed.
 *
 * The key covers everything the result depends on: each file's import name, path and content hash,
 * the targets, the import paths, and the compiler (this buf binary's path, size and mtime).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import type { SchemaProblem } from '../../../../shared/api';
import { bufBinaryPath } from './buf-cli';
import type { ImportGraph } from './import-graph';

/** Overrides the cache folder (tests, or a machine that wants it elsewhere). */
export const cacheDirEnvVar = 'GRPC_WORKBENCH_CACHE_DIR';

/** Bumped when what is stored, or how the key is made, changes. */
const FORMAT = 1;

export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[cacheDirEnvVar];
  if (override !== undefined && override !== '') return join(override, 'descriptor-sets');
  const base =
    env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'grpc-workbench', 'descriptor-sets');
}

export interface CachedCompile {
  fileSet: FileDescriptorSet;
  problems: SchemaProblem[];
}

/** The content key of a compile of `graph`, from the hashes its import scan took of each file. */
export async function compileCacheKey(graph: ImportGraph, importPaths: readonly string[]): Promise<string> {
  const compiler = bufBinaryPath();
  const compilerStat = await stat(compiler);
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ FORMAT, compiler, size: compilerStat.size, mtime: compilerStat.mtimeMs }));
  hash.update(JSON.stringify({ importPaths, targets: graph.targets, searched: graph.searchedPaths }));
  const names = [...graph.files.keys()].sort();
  for (const name of names) {
    const file = graph.files.get(name)!;
    const content =
      file.contentHash ??
      createHash('sha256')
        .update(await readFile(file.absolutePath))
        .digest('hex');
    hash.update(`${name}\0${file.absolutePath}\0${file.displayPath}\0${content}\n`);
  }
  return hash.digest('hex');
}

const entryPaths = (dir: string, key: string) => ({
  fileSet: join(dir, `${key}.binpb`),
  problems: join(dir, `${key}.problems.json`),
});

/** The cached compile for `key`, or undefined (absent or unreadable: compile again). */
export async function readCachedCompile(key: string, dir: string): Promise<CachedCompile | undefined> {
  const paths = entryPaths(dir, key);
  try {
    // The problems file is written last: its presence means the entry is complete.
    const problems = JSON.parse(await readFile(paths.problems, 'utf8')) as SchemaProblem[];
    return { fileSet: fromBinary(FileDescriptorSetSchema, await readFile(paths.fileSet)), problems };
  } catch {
    return undefined;
  }
}

/** Stores a compile; a cache that cannot be written only costs the next load its speed. */
export async function writeCachedCompile(key: string, result: CachedCompile, dir: string): Promise<void> {
  const paths = entryPaths(dir, key);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(paths.fileSet, Buffer.from(toBinary(FileDescriptorSetSchema, result.fileSet)));
    await writeFileAtomic(paths.problems, JSON.stringify(result.problems));
  } catch {
    // Read-only home, full disk: compiling still works.
  }
}
