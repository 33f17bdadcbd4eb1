import type { ChannelPool } from '../../engine/channel/pool';
import type { CliIo, CliOutput } from '../io';

/** What every command gets from runCli: the streams, printing helpers, one channel pool, Ctrl+C. */
export interface CommandContext {
  io: CliIo;
  output: CliOutput;
  /** Closed by runCli when the command is done. */
  pool: ChannelPool;
  signal?: AbortSignal;
}
