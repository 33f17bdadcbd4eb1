import { runServeCommand } from '../../serve/command';
import type { CliOutput } from '../io';

/** `grpc-workbench serve …`: browser mode, owned by main/serve; its flags are passed through untouched. */
export function runServeCommandFromCli(
  argv: readonly string[],
  output: CliOutput,
  signal: AbortSignal | undefined,
): Promise<number> {
  return runServeCommand(argv, { output, ...(signal === undefined ? {} : { signal }) });
}
