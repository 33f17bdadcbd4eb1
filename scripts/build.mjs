// Builds everything `npm start`, the CLI and the tests run: Node entry points bundled by esbuild
// (dependencies stay in node_modules), the sandboxed preload as one CommonJS file, and the
// renderer with Vite. Runs from `npm install` (prepare), so a fresh clone is ready to use.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const dist = resolve(repo, 'dist');
rmSync(dist, { recursive: true, force: true });

// Every package stays in node_modules except two that are bundled. @bufbuild/protobuf: so that its
// base64 module imports main/engine/platform-base64.ts first and reads the fast encoder it installs
// (see there); whatever the chunks' order, the import inside the module comes first. zod: every
// command loads it (the operation table), and Node resolving and loading its ~100 ES modules one by
// one took longer than importing grpc-js; one bundled chunk takes a third of that.
const bundledPackages = ['@bufbuild/protobuf', 'zod'];
const platformBase64 = resolve(repo, 'main/engine/platform-base64.ts');
const protobufWithPlatformBase64 = {
  name: 'protobuf-with-platform-base64',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) =>
      bundledPackages.some((name) => args.path === name || args.path.startsWith(`${name}/`))
        ? undefined
        : { path: args.path, external: true },
    );
    pluginBuild.onLoad(
      { filter: /[\\/]@bufbuild[\\/]protobuf[\\/]dist[\\/]esm[\\/]wire[\\/]base64-encoding\.js$/ },
      async (args) => ({
        contents: `import ${JSON.stringify(platformBase64)};\n${await readFile(args.path, 'utf8')}`,
        loader: 'js',
      }),
    );
  },
};

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
  plugins: [protobufWithPlatformBase64],
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
