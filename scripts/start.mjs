// `npm start`: the desktop app with the demo lab running and preselected. Where Electron cannot
// start (binary not downloaded, no display), says why in one line and opens browser mode on the
// demo lab instead. Flags: --browser (skip Electron), --port N and --no-open (browser mode),
// --no-lab.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const repo = resolve(import.meta.dirname, '..');
const dist = resolve(repo, 'dist');
const probeTimeoutMs = 15_000;
const downloadTimeoutMs = 30_000;

const { values: flags } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    port: { type: 'string' },
    'no-open': { type: 'boolean', default: false },
    'no-lab': { type: 'boolean', default: false },
  },
  strict: true,
});

ensureBuilt();
const unavailable = flags.browser ? 'browser mode was asked for (--browser)' : electronUnavailableReason();
if (unavailable === undefined) {
  await runChild(installedElectronBinary(), [repo, ...(flags['no-lab'] ? ['--no-lab'] : [])]);
} else {
  console.log(`Electron is not available here (${unavailable}); opening browser mode instead.`);
  const serveArgs = [
    'serve',
    ...(flags['no-lab'] ? [] : ['--lab']),
    ...(flags['no-open'] ? [] : ['--open']),
    ...(flags.port ? ['--port', flags.port] : []),
  ];
  await runChild(process.execPath, [resolve(dist, 'cli.js'), ...serveArgs]);
}

/** Builds once after a fresh clone (npm install normally did it already through `prepare`). */
function ensureBuilt() {
  const needed = ['cli.js', 'electron-main.js', 'preload.cjs', 'renderer/index.html'].map((file) =>
    resolve(dist, file),
  );
  if (needed.every((file) => existsSync(file))) return;
  console.log('Building gRPC Workbench (dist/ is missing)…');
  const build = spawnSync(process.execPath, [resolve(repo, 'scripts/build.mjs')], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('The build failed (see above); fix it and run `npm start` again.');
    process.exit(1);
  }
}

/**
 * Why Electron cannot run on this machine, or undefined when it can. The electron package
 * downloads its binary when first required if `npm install` skipped it; that try gets a short
 * timeout and its output is kept quiet, so an offline machine falls back quickly.
 */
function electronUnavailableReason() {
  let binary = installedElectronBinary();
  if (binary === undefined) {
    if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'binary not downloaded: ELECTRON_SKIP_BINARY_DOWNLOAD is set';
    const download = spawnSync(process.execPath, ['-e', "require('electron')"], {
      cwd: repo,
      timeout: downloadTimeoutMs,
      stdio: 'ignore',
    });
    binary = installedElectronBinary();
    if (binary === undefined)
      return download.error?.code === 'ETIMEDOUT'
        ? 'binary not downloaded: the download timed out'
        : 'binary not downloaded and the download failed';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'no display: DISPLAY is not set';
  const probe = spawnSync(binary, ['--version'], { timeout: probeTimeoutMs, encoding: 'utf8' });
  if (probe.error) return `the binary does not run: ${probe.error.message}`;
  if (probe.status !== 0)
    return `the binary does not run: ${(probe.stderr || '').trim().split('\n')[0] || `exit status ${probe.status}`}`;
  return undefined;
}

/** The binary the electron package points at (node_modules/electron/path.txt), if it is there. */
function installedElectronBinary() {
  let packageDir;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = resolve(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? resolve(packageDir, 'dist');
  const binary = resolve(distDir, relative);
  return existsSync(binary) ? binary : undefined;
}

/** Runs the host in the foreground; Ctrl+C or a TERM stops it gracefully, and its exit status becomes ours. */
function runChild(command, args) {
  // Its own process group (outside Windows, where that would mean a new console), so Ctrl+C reaches
  // it exactly once, through us: the CLI treats a second SIGINT as "quit at once".
  const child = spawn(command, args, { cwd: repo, stdio: 'inherit', detached: process.platform !== 'win32' });
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('exit', () => child.exitCode === null && child.kill('SIGTERM'));
  return new Promise((resolvePromise) => {
    child.once('error', (error) => {
      console.error(`Could not start ${command}: ${error.message}`);
      process.exitCode = 1;
      resolvePromise();
    });
    child.once('exit', (code, signal) => {
      process.exitCode = code ?? (signal ? 1 : 0);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolvePromise();
    });
  });
}
