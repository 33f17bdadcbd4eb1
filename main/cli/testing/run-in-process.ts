import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../run';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in this process with captured streams. `stdin` chunks are delivered one by one
 * (a string is one chunk); an async iterable lets a test feed input while the call runs.
 */
export async function runCliInProcess(
  argv: readonly string[],
  stdin: string | readonly string[] | AsyncIterable<string> = [],
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.setEncoding('utf8').on('data', (chunk: string) => out.push(chunk));
  stderr.setEncoding('utf8').on('data', (chunk: string) => err.push(chunk));
  const input = typeof stdin === 'string' ? Readable.from([stdin]) : Readable.from(stdin);
  const code = await runCli(argv, { stdin: input, stdout, stderr });
  // Let the pass-through streams deliver the last writes.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out.join(''), stderr: err.join('') };
}
