/**
 * Compiled descriptor sets cached by content, in the user's cache folder: a tree compiled once
 * (googleapis: ~30 s of buf and 2 GB) loads again from disk while nothing that went into it changed.
 *
 * Two keys. The **content key** covers everything the result depends on: each file's import name,
 * path and content hash, the targets, the import paths, and the compilers (see `compilersIdentity`);
 * it names the stored set. The **request key** covers only what the caller asked (files, import
 * paths, working directory, compilers); it names a manifest: the content key its last compile had,
 * and the `stat` checks (path-observations.ts) under which that still holds. A load whose checks all
 * hold reads no .proto file at all; any failed check falls back to the import scan and the content
 * key, so a manifest can cost a load its speed but never serve a stale set.
 *
 * Each set is decoded once per process (the UI's engine reloads a workspace in process): the few
 * most recent are kept decoded, shared between loads — callers must not modify them.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import type { SchemaProblem } from '../../../../shared/api';
import { userCacheRoot } from '../../cache-root';
import { bufBinaryPath } from './buf-cli';
import type { ImportGraph } from './import-graph';
import { checksHold, type PathCheck } from './path-observations';
import { protocOnPath } from './protoc-cli';

/** Bumped when what is stored, or how a key is made, changes. */
const FORMAT = 2;

export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(userCacheRoot(env), 'descriptor-sets');
}

/** Which compilers produced a set: protoc, buf, or protoc with buf for what protoc could not. */
export type CompilerName = 'buf' | 'protoc' | 'protoc+buf';

export interface CachedCompile {
  fileSet: FileDescriptorSet;
  problems: SchemaProblem[];
  /** Which compiler produced the set (absent when nothing needed compiling). */
  compiledBy?: CompilerName;
}

async function binaryIdentity(path: string | undefined): Promise<string> {
  if (path === undefined) return 'none';
  try {
    const info = await stat(path, { bigint: true });
    return `${path} ${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}`;
  } catch {
    return `${path} unreadable`;
  }
}

/**
 * Which compilers a compile would use: this buf binary, and the protoc first on the PATH (unless
 * `bufOnly`) — stat-ed, not run, so checking it costs a load almost nothing. Installing, updating or
 * removing either changes every key.
 */
export async function compilersIdentity(bufOnly: boolean): Promise<string> {
  let buf: string | undefined;
  try {
    buf = bufBinaryPath();
  } catch {
    // No buf for this platform: a compile that needs it reports that; protoc may do without.
  }
  const [bufIdentity, protocIdentity] = await Promise.all([
    binaryIdentity(buf),
    bufOnly ? 'unused' : protocOnPath().then(binaryIdentity),
  ]);
  return JSON.stringify({ buf: bufIdentity, protoc: protocIdentity });
}

export interface CompileRequest {
  files: readonly string[];
  importPaths: readonly string[];
  compilers: string;
}

/** The manifest's key: what was asked, where relative paths start, and by which compilers. */
export function requestKey(request: CompileRequest): string {
  return createHash('sha256')
    .update(JSON.stringify({ FORMAT, cwd: process.cwd(), ...request }))
    .digest('hex');
}

/** The content key of a compile of `graph`, from the hashes its import scan took of each file. */
export async function compileCacheKey(
  graph: ImportGraph,
  importPaths: readonly string[],
  compilers: string,
): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ FORMAT, compilers }));
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
  meta: join(dir, `${key}.meta.json`),
});
const manifestPath = (dir: string, key: string) => join(dir, `${key}.manifest.json`);

interface Manifest {
  contentKey: string;
  checks: readonly PathCheck[];
}

// Sets decoded in this process, most recently used last.
const decodedLimit = 4;
const decoded = new Map<string, CachedCompile>();

function remember(key: string, entry: CachedCompile): CachedCompile {
  decoded.delete(key);
  decoded.set(key, entry);
  if (decoded.size > decodedLimit) decoded.delete(decoded.keys().next().value!);
  return entry;
}

/** The cached compile for `key`, or undefined (absent or unreadable: compile again). */
export async function readCachedCompile(key: string, dir: string): Promise<CachedCompile | undefined> {
  const known = decoded.get(key);
  if (known !== undefined) return remember(key, known);
  const paths = entryPaths(dir, key);
  try {
    // The meta file is written last: its presence means the entry is complete.
    const meta = JSON.parse(await readFile(paths.meta, 'utf8')) as Omit<CachedCompile, 'fileSet'>;
    return remember(key, { ...meta, fileSet: fromBinary(FileDescriptorSetSchema, await readFile(paths.fileSet)) });
  } catch {
    return undefined;
  }
}

/** The compile the manifest of `key` vouches for, when every one of its checks still holds. */
export async function readByManifest(key: string, dir: string): Promise<CachedCompile | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath(dir, key), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (!(await checksHold(manifest.checks))) return undefined;
  return readCachedCompile(manifest.contentKey, dir);
}

// Loaded on first write: a load served from the cache writes nothing.
async function writeAtomic(path: string, data: string | Buffer): Promise<void> {
  const { default: writeFileAtomic } = await import('write-file-atomic');
  await writeFileAtomic(path, data);
}

async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/**
 * Stores a compile (`encoded`: its set already encoded, if the caller has it); a cache that cannot
 * be written only costs the next load its speed.
 */
export async function writeCachedCompile(
  key: string,
  result: CachedCompile,
  dir: string,
  encoded: Uint8Array = toBinary(FileDescriptorSetSchema, result.fileSet),
): Promise<void> {
  const paths = entryPaths(dir, key);
  const { fileSet: _stored, ...meta } = result;
  try {
    await ensureDir(dir);
    await writeAtomic(paths.fileSet, Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength));
    await writeAtomic(paths.meta, JSON.stringify(meta));
    remember(key, result);
  } catch {
    // Read-only home, full disk: compiling still works.
  }
}

/** Stores the manifest of request `key`: its compile is the entry `contentKey` while `checks` hold. */
export async function writeManifest(
  key: string,
  contentKey: string,
  checks: readonly PathCheck[],
  dir: string,
): Promise<void> {
  try {
    await ensureDir(dir);
    await writeAtomic(manifestPath(dir, key), JSON.stringify({ contentKey, checks } satisfies Manifest));
  } catch {
    // As above: only speed is lost.
  }
}

/** Forgets the sets decoded so far: the next read decodes from disk, as a fresh process would. */
export function forgetDecodedSets(): void {
  decoded.clear();
}
