import type { Readable, Writable } from 'node:stream';

/** The process streams, injected so tests run the CLI in-process and read what it printed. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Aborted on Ctrl+C: the call, burst or watch in progress is cancelled and reported. */
  signal?: AbortSignal;
}

/** What a command needs to print: plain functions, so formatting stays testable without streams. */
export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

export function outputOf(io: CliIo): CliOutput {
  return { out: (text) => void io.stdout.write(text), err: (text) => void io.stderr.write(text) };
}
