/**
 * The `grpc-workbench` CLI, bundled to dist/cli-main.cjs, which dist/cli.js (main/cli/launch.ts)
 * loads and starts; bin/grpc-workbench.js imports dist/cli.js; main.ts runs it from the sources.
 * `startCli` runs the command line, then exits with its status once stdout and stderr are flushed.
 */
import { EXIT_CLOSED_PIPE, watchForClosedPipe } from './io';
import { runCli } from './run';

export interface CliStart {
  /** The command's kind once the command line is parsed (the launcher keeps compiled code per kind run). */
  onCommand?: (kind: string) => void;
}

export async function startCli(start: CliStart = {}): Promise<void> {
  const interrupt = new AbortController();
  // The first Ctrl+C cancels the call in progress (reported as CANCELLED); a second one quits at once.
  process.once('SIGINT', () => {
    interrupt.abort();
    process.once('SIGINT', () => process.exit(130));
  });

  // `… | head`: the reader is gone, so the call in progress is cancelled and the tool ends quietly.
  const pipe = watchForClosedPipe([process.stdout, process.stderr], () => interrupt.abort());

  const exitCode = await runCli(process.argv.slice(2), {
    // Made when a command reads it (`-d @`, `import grpcurl`): process.stdin on /dev/null or a file
    // loads Node's fs streams, a few ms a call with `-d '…'` does not need.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    signal: interrupt.signal,
    outputClosed: pipe.closed,
    // `-cacert ca.crt 10.0.0.5:443 list` would otherwise print Node's DEP0123 warning (grpc-js always
    // sends an IP target as the TLS server name) between the tool's output. The engine loads on first
    // use (not for -version), so the warning is silenced then.
    onEngineLoaded: (engine) => engine.silenceIpServerNameWarning(),
    ...(start.onCommand === undefined ? {} : { onCommand: start.onCommand }),
  });
  process.exitCode = pipe.closed() ? EXIT_CLOSED_PIPE : exitCode;
  // The command has its answer: end now, whatever sockets are left (grpc-js does not abort a TLS
  // handshake a silent server never completes, and that socket would keep the process alive until
  // the server drops it). Exit only once what was written to stdout and stderr has been flushed.
  await Promise.all([process.stdout, process.stderr].map(flushed));
  process.exit();
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    stream.write('', () => resolve());
  });
}
