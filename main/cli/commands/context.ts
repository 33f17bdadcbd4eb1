import type { WorkbenchClient } from '../../../shared/api';
import type { CliIo, CliOutput } from '../io';

/** What every command gets from runCli: the streams, printing helpers, the in-process client, Ctrl+C. */
export interface CommandContext {
  io: CliIo;
  output: CliOutput;
  /** The engine through the same door as every host (disposed by runCli when the command is done). */
  client: WorkbenchClient;
  signal?: AbortSignal;
}
