import type { Command } from '../args';
import { buildConnectionOptions, secondsToMs } from '../connection';
import { EXIT_OK } from '../exit-codes';
import { rpcMetadata } from '../headers';
import { formatServerChannelzText } from '../output/channelz-text';
import { formatJson } from '../output/grpcurl';
import { cliVersion } from '../version';
import type { CommandContext } from './context';

type ChannelzCommand = Extract<Command, { kind: 'channelz' }>;

/**
 * `channelz ADDRESS`: asks the server's own grpc.channelz.v1 service for its servers and open
 * connections, printed as a table (or `--output json`: the report as one document). A server
 * without channelz is an error naming it (exit 1).
 */
export async function runChannelzCommand(command: ChannelzCommand, context: CommandContext): Promise<number> {
  const { options } = command;
  const report = await context.client.serverChannelz({
    connection: buildConnectionOptions(command.target, options.connection, cliVersion),
    metadata: rpcMetadata(options.headers),
    ...(options.maxTimeSec === undefined ? {} : { deadlineMs: secondsToMs(options.maxTimeSec) }),
  });
  context.output.out(options.output === 'json' ? `${formatJson(report)}\n` : formatServerChannelzText(report));
  return EXIT_OK;
}
