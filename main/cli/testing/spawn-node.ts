import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const repo = resolve(import.meta.dirname, '../../..');

/** Runs `node SCRIPT ARGV…` from the repository root as a user's shell would, with `stdin` piped in. */
export function spawnNode(
  script: string,
  argv: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, ...argv], {
      cwd: repo,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
