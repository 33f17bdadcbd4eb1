/**
 * The `grpc-workbench` entry point (bundled to dist/cli.js; bin/grpc-workbench.js imports it).
 * Runs the CLI on import and sets process.exitCode instead of calling process.exit, so everything
 * written to stdout is flushed before the process ends.
 */
import { runCli } from './run';

const interrupt = new AbortController();
// The first Ctrl+C cancels the call in progress (reported as CANCELLED); a second one quits at once.
process.once('SIGINT', () => {
  interrupt.abort();
  process.once('SIGINT', () => process.exit(130));
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: interrupt.signal,
});
