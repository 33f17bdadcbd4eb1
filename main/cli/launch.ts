/**
 * dist/cli.js: starts the CLI bundle (dist/cli-main.cjs, main/cli/start.ts) from the code V8
 * compiled for it last time, kept in the user's cache folder. Compiling the functions a call runs
 * is a large share of a start (grpc-js, protobuf, zod and ours); with the compiled code at hand V8
 * only checks and loads it. The bundle is CommonJS because Node 20 can cache compiled code only
 * for a script (`vm.Script` `cachedData`), not for an ES module.
 *
 * On Node ≥ 22.1 (Electron's, users' newer ones) Node's own compile cache does it
 * (`module.enableCompileCache`, which also covers the packages in node_modules). On Node 20 this
 * file does it: the cache is keyed by the bundle's content (a hash), Node's version and the CPU
 * architecture; V8 itself rejects data from another V8 version or other flags, and then the code
 * is compiled from source and the cache written again. Anything that fails — no cache folder, an
 * unreadable or unwritable one, a stale or corrupt file — only costs the speed-up, never the
 * command. `NODE_DISABLE_COMPILE_CACHE=1` (Node's switch for its own cache) turns both off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type WriteFileAtomic from 'write-file-atomic';
import { userCacheRoot } from '../engine/cache-root';
import type * as CliMain from './start';

const bundle = join(dirname(fileURLToPath(import.meta.url)), 'cli-main.cjs');
const cacheDir = join(userCacheRoot(), 'cli-code');
const enableCompileCache = (Module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
// Node 20.12 and later: code compiled by `vm.Script` can `import()` like a module Node loaded itself.
const mainContextLoader = (vm.constants as Partial<typeof vm.constants> | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;

type CliBundle = typeof CliMain;

const cacheWanted = process.env.NODE_DISABLE_COMPILE_CACHE === undefined;
if (cacheWanted && enableCompileCache !== undefined) {
  enableCompileCache(join(cacheDir, 'node'));
  void loadBundle().startCli();
} else if (cacheWanted && mainContextLoader !== undefined) {
  startWithCodeCache(mainContextLoader);
} else {
  void loadBundle().startCli();
}

function loadBundle(): CliBundle {
  return createRequire(import.meta.url)(bundle) as CliBundle;
}

/**
 * A cache file is one line naming the command kinds whose functions it holds (JSON), then V8's
 * data. A command of another kind writes it again at exit, holding the union: `-version` run
 * first must not leave a call compiling most of its code from source.
 */
function startWithCodeCache(importLoader: typeof vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER): void {
  const source = readFileSync(bundle);
  const prefix = `cli-${process.version}-${process.arch}-`;
  // Node's and V8's flags are part of the key: V8 rejects data made under other flags, and runs with
  // and without a flag (`--cpu-prof`, a NODE_OPTIONS) would otherwise take turns writing one file.
  const key = createHash('sha1')
    .update(source)
    .update(JSON.stringify([process.execArgv, process.env.NODE_OPTIONS ?? '']))
    .digest('hex');
  const cacheFile = join(cacheDir, `${prefix}${key}.v8`);
  const cached = readCodeCache(cacheFile);
  const script = new vm.Script(Module.wrap(source.toString('utf8')), {
    filename: bundle,
    ...(cached === undefined ? {} : { cachedData: cached.data }),
    importModuleDynamically: importLoader,
  });
  const kinds = cached === undefined || script.cachedDataRejected === true ? [] : cached.kinds;
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as CliBundle };
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  void module.exports.startCli({
    onCommand: (kind) => {
      // At exit, the code holds every function this command ran, not only the top level.
      if (!kinds.includes(kind))
        process.once('exit', () => writeCodeCache(script, cacheFile, prefix, [...kinds, kind]));
    },
  });
}

function readCodeCache(cacheFile: string): { kinds: string[]; data: Buffer } | undefined {
  try {
    const file = readFileSync(cacheFile);
    const newline = file.indexOf(0x0a);
    if (newline < 0) return undefined;
    const kinds: unknown = JSON.parse(file.subarray(0, newline).toString('utf8'));
    if (!Array.isArray(kinds) || !kinds.every((kind) => typeof kind === 'string')) return undefined;
    return { kinds, data: file.subarray(newline + 1) };
  } catch {
    // No cache yet, or unreadable: compiled from source, written at exit.
    return undefined;
  }
}

/** Cache files kept per Node version and architecture. */
const keptCacheFiles = 4;

/** Writes the compiled code atomically (a reader sees the old file or the new one), then drops the oldest files. */
function writeCodeCache(script: vm.Script, cacheFile: string, prefix: string, kinds: string[]): void {
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    // Required here, at exit, not imported: a start that writes no cache loads no package before the bundle.
    const writeFileAtomic = createRequire(import.meta.url)('write-file-atomic') as typeof WriteFileAtomic;
    // No fsync: a cache file lost in a crash is compiled again, and the rename alone keeps it whole.
    writeFileAtomic.sync(
      cacheFile,
      Buffer.concat([Buffer.from(`${JSON.stringify(kinds)}\n`), script.createCachedData()]),
      {
        mode: 0o600,
        fsync: false,
      },
    );
    // Older builds' files go, the most recently written few stay: two installs (or flag sets) used
    // in turn keep theirs instead of writing each other's away.
    const files = readdirSync(cacheDir)
      .filter((name) => name.startsWith(prefix) && name.endsWith('.v8'))
      .map((name) => ({ path: join(cacheDir, name), written: statSync(join(cacheDir, name)).mtimeMs }))
      .sort((a, b) => b.written - a.written);
    for (const { path } of files.slice(keptCacheFiles)) rmSync(path, { force: true });
  } catch {
    // An unwritable cache folder costs only the speed-up (write-file-atomic removes its temporary file).
  }
}
