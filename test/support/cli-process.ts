import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');
const viteNode = resolve(repo, 'node_modules/.bin/vite-node');

export interface CliProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/**
 * The CLI as its own process, from source (main/cli/main.ts through vite-node, so no build is
 * needed): what an in-process run cannot show, that the process ENDS. Killed after `limitMs`
 * (then `code` is null).
 */
export function runCliProcess(argv: readonly string[], limitMs = 30_000): Promise<CliProcessRun> {
  return new Promise((done, fail) => {
    const startedAt = Date.now();
    const child = spawn(viteNode, ['main/cli/main.ts', '--', ...argv], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, elapsedMs: Date.now() - startedAt });
    });
  });
}
