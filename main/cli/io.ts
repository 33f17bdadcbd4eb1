import type { Readable, Writable } from 'node:stream';
import type * as Engine from '../engine/index';

/** The process streams, injected so tests run the CLI in-process and read what it printed. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Aborted on Ctrl+C: the call, burst or watch in progress is cancelled and reported. */
  signal?: AbortSignal;
  /** True once a reader closed stdout or stderr (`… | head`): nothing more is written to either. */
  outputClosed?: () => boolean;
  /** Runs once the engine is loaded (on first use), before the command uses it. */
  onEngineLoaded?: (engine: typeof Engine) => void;
  /** Runs once the command line is parsed, with the command's kind (`invoke`, `list`, `version`…). */
  onCommand?: (kind: string) => void;
}

/** What a command needs to print: plain functions, so formatting stays testable without streams. */
export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

export function outputOf(io: CliIo): CliOutput {
  const writeTo =
    (stream: Writable) =>
    (text: string): void => {
      if (io.outputClosed?.() !== true) stream.write(text);
    };
  return { out: writeTo(io.stdout), err: writeTo(io.stderr) };
}

/** Exit status of a process that wrote to a closed pipe: the shell's 128 + SIGPIPE, as grpcurl (Go) dies with it. */
export const EXIT_CLOSED_PIPE = 128 + 13;

/**
 * Watches `streams` for a reader that went away (EPIPE). Node ignores SIGPIPE, so the write fails
 * with an 'error' event that would otherwise crash the process with a stack trace; a closed pipe
 * is how `| head` ends a command, not an error. Calls `onClosed` once, and reports whether it happened.
 */
export function watchForClosedPipe(streams: readonly Writable[], onClosed: () => void): { closed: () => boolean } {
  let closed = false;
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // Writes already queued when the pipe closed fail too; they are part of the same ending.
      if (error.code !== 'EPIPE' && !closed) throw error;
      if (closed) return;
      closed = true;
      onClosed();
    });
  }
  return { closed: () => closed };
}
