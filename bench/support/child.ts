/** A child process timed and weighed: wall time and peak resident memory (GNU time's %M). */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repo = resolve(import.meta.dirname, '../..');

export interface ChildRun extends Record<string, number> {
  ms: number;
  peakMb: number;
}

/** Runs `node ...args` from the repository, output discarded; rejects on a non-zero exit. */
export async function runNode(args: readonly string[]): Promise<ChildRun> {
  const dir = mkdtempSync(join(tmpdir(), 'wb-bench-'));
  const rssFile = join(dir, 'rss');
  try {
    const begin = performance.now();
    const stderr: Buffer[] = [];
    const code = await new Promise<number | null>((done, fail) => {
      const child = spawn('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ...args], {
        cwd: repo,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', fail);
      child.on('close', done);
    });
    const ms = performance.now() - begin;
    if (code !== 0) throw new Error(`node ${args.join(' ')} exited ${code}: ${Buffer.concat(stderr).toString()}`);
    return { ms, peakMb: Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
