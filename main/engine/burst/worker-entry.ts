import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BUILT_WORKER = 'burst-worker.js';

let fromSource: Promise<URL> | undefined;

/**
 * Where the burst worker's code is. Built, it is dist/burst-worker.js (its own entry in
 * scripts/build.mjs), beside the bundle this module is in (dist/cli.js, dist/electron-main.js) or
 * one folder up from the chunk it is in (dist/chunks/). Run from the TypeScript sources (vitest),
 * burst-worker.ts is bundled on first use into .tmp/ of the repository, where Node finds
 * node_modules. Undefined when neither exists (e.g. the engine bundled somewhere else): the burst
 * then runs in this thread.
 */
export function burstWorkerEntry(): Promise<URL | undefined> {
  for (const path of [`./${BUILT_WORKER}`, `../${BUILT_WORKER}`]) {
    const built = new URL(path, import.meta.url);
    if (existsSync(built)) return Promise.resolve(built);
  }
  const source = new URL('./burst-worker.ts', import.meta.url);
  if (!existsSync(source)) return Promise.resolve(undefined);
  return (fromSource ??= bundleSource(source));
}

async function bundleSource(source: URL): Promise<URL> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(source)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const dir = new URL('../../../.tmp/burst-worker/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const entry = new URL('burst-worker.mjs', dir);
  // Test files run in parallel processes: each writes its own copy, then renames it into place atomically.
  const written = new URL(`burst-worker-${process.pid}.mjs`, dir);
  writeFileSync(written, result.outputFiles[0]!.contents);
  renameSync(written, entry);
  return entry;
}
