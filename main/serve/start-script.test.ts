// `npm start` where Electron cannot run: one line saying why, then browser mode on the demo lab.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPackageInfo } from './package-info';
import { rawGet } from './testing/http-client';

const root = findPackageInfo().root;

describe('scripts/start.mjs', () => {
  it('falls back to browser mode with one clear line, serves the UI, and stops cleanly', async () => {
    const child = spawn(process.execPath, [join(root, 'scripts/start.mjs'), '--port', '0', '--no-open'], {
      cwd: root,
      env: {
        ...process.env,
        ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
        // The persistent browser-mode token goes to a temporary data folder, not the user's.
        GRPC_WORKBENCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'start-data-')),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      await expect.poll(() => stdout, { timeout: 120_000, interval: 200 }).toMatch(/running at http:\/\/\S+/);
      expect(stdout).toContain(
        'Electron is not available here (binary not downloaded: ELECTRON_SKIP_BINARY_DOWNLOAD is set); opening browser mode instead.',
      );
      const url = new URL(/http:\/\/\S+/.exec(stdout)?.[0] ?? '');
      expect(url.hostname).toBe('127.0.0.1');
      expect(stdout).toMatch(/demo lab: 127\.0\.0\.1:\d+/);

      const port = Number(url.port);
      expect((await rawGet(port, '/')).status).toBe(401);
      const page = await rawGet(port, '/', { authorization: `Bearer ${url.searchParams.get('token')}` });
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root">');
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
    }
  });
});
