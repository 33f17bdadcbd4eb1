// Builds everything `npm start`, the CLI and the tests run: Node entry points bundled by esbuild
// (dependencies stay in node_modules), the sandboxed preload as one CommonJS file, and the
// renderer with Vite. Runs from `npm install` (prepare), so a fresh clone is ready to use.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { nodePackages } from './node-packages.mjs';

const repo = resolve(import.meta.dirname, '..');
const dist = resolve(repo, 'dist');
rmSync(dist, { recursive: true, force: true });

const nodeEntries = [
  { in: 'main/cli/main.ts', out: 'cli' },
  { in: 'main/electron/main.ts', out: 'electron-main' },
  { in: 'proto-samples/lab/main.ts', out: 'lab' },
  // A burst's worker threads load it beside the CLI and Electron bundles (main/engine/burst/worker-entry.ts).
  { in: 'main/engine/burst/burst-worker.ts', out: 'burst-worker' },
].filter((entry) => existsSync(resolve(repo, entry.in)));

await build({
  absWorkingDir: repo,
  entryPoints: nodeEntries,
  outdir: dist,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  plugins: [nodePackages],
  // Dynamic imports become chunks loaded on first use: `-version` or a call does not load the
  // engine's commands it does not run, nor the demo lab (and its reflection library) `serve --lab` needs.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  logLevel: 'warning',
});

if (existsSync(resolve(repo, 'main/electron/preload.ts'))) {
  // Sandboxed preloads cannot load ES modules or other files: one CommonJS bundle.
  await build({
    absWorkingDir: repo,
    entryPoints: ['main/electron/preload.ts'],
    outfile: resolve(dist, 'preload.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['electron'],
    logLevel: 'warning',
  });
}

if (existsSync(resolve(repo, 'renderer/index.html'))) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: resolve(repo, 'scripts/vite.renderer.config.ts'), logLevel: 'warn' });
}
console.log(
  `built ${nodeEntries.map((e) => e.out).join(', ')}${existsSync(resolve(dist, 'renderer')) ? ', renderer' : ''} into dist/`,
);
