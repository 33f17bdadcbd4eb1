// Builds everything `npm start`, the CLI and the tests run: Node entry points bundled by esbuild
// (dependencies stay in node_modules), the sandboxed preload as one CommonJS file, and the
// renderer with Vite. Runs from `npm install` (prepare), so a fresh clone is ready to use.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { nodePackages, nodePackagesBundling } from './node-packages.mjs';

const repo = resolve(import.meta.dirname, '..');
const dist = resolve(repo, 'dist');
rmSync(dist, { recursive: true, force: true });

const nodeEntries = [
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

if (existsSync(resolve(repo, 'main/cli/start.ts'))) {
  // The CLI is one CommonJS bundle, so that dist/cli.js (main/cli/launch.ts) can start it from V8's
  // compiled code on Node 20, which caches code for scripts only. Its dynamic imports stay lazy
  // (each module's code runs on first use); only the external packages' stay real `import()`s.
  // grpc-js is bundled in (a call compiled ~65 of its files; reflection must share that copy).
  await build({
    absWorkingDir: repo,
    entryPoints: ['main/cli/start.ts'],
    outfile: resolve(dist, 'cli-main.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    plugins: [nodePackagesBundling(['@grpc/grpc-js', '@grpc/reflection'])],
    define: { 'import.meta.url': '__bundleUrl', 'import.meta.dirname': '__dirname' },
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    sourcemap: true,
    logLevel: 'warning',
  });
  await build({
    absWorkingDir: repo,
    entryPoints: ['main/cli/launch.ts'],
    outfile: resolve(dist, 'cli.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
  });
}

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
  `built cli, ${nodeEntries.map((e) => e.out).join(', ')}${existsSync(resolve(dist, 'renderer')) ? ', renderer' : ''} into dist/`,
);
