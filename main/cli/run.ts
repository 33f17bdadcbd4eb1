import { createWorkbenchService } from '../engine/index';
import { createNodeCapabilities } from '../host/node-capabilities';
import { parseCommandLine, type Command } from './args';
import { runBurstCommand } from './commands/burst';
import { runChannelzCommand } from './commands/channelz';
import { runExportCommand, runImportCommand, runRunCommand } from './commands/collections';
import { runDescribeCommand } from './commands/describe';
import { runForwardCommand } from './commands/forward';
import { runK8sCommand } from './commands/k8s';
import { runHealthCommand } from './commands/health';
import { runInvokeCommand } from './commands/invoke';
import { runListCommand } from './commands/list';
import { runServeCommandFromCli } from './commands/serve';
import type { CommandContext } from './commands/context';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes';
import { formatFailure } from './failure';
import { outputOf, type CliIo } from './io';
import { UsageError } from './usage-error';
import { usageHint, usageText } from './usage';
import { cliVersion } from './version';

/**
 * Runs one command line and resolves to the exit status. Never throws and never prints a stack
 * trace: usage mistakes and engine errors become a short message (plus hint) on stderr.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const output = outputOf(io);
  let command: Command;
  try {
    const parsed = parseCommandLine(argv);
    command = parsed.command;
    for (const warning of parsed.warnings) output.err(`Warning: ${warning}\n`);
  } catch (error) {
    output.err(error instanceof UsageError ? `${error.message}\n${usageHint()}\n` : formatFailure(error));
    return EXIT_FAILURE;
  }

  if (command.kind === 'help') {
    output.out(usageText());
    return EXIT_OK;
  }
  if (command.kind === 'version') {
    output.out(`grpc-workbench ${cliVersion}\n`);
    return EXIT_OK;
  }
  if (command.kind === 'serve') return runServeCommandFromCli(command.argv, output, io.signal);

  // Every command runs on the engine through the same door as the hosts (the operation table's
  // validation and bounds included). A command exports nothing, so calls record no messages.
  // Collections' secrets come from the user's data folder (a 0600 file), as in browser mode.
  const client = createWorkbenchService({
    hostInfo: { version: cliVersion, host: 'cli' },
    recordMessages: false,
    secrets: createNodeCapabilities().secrets,
  });
  const context: CommandContext = { io, output, client, ...(io.signal === undefined ? {} : { signal: io.signal }) };
  try {
    return await dispatch(command, context);
  } catch (error) {
    output.err(error instanceof UsageError ? `${error.message}\n${usageHint()}\n` : formatFailure(error));
    return EXIT_FAILURE;
  } finally {
    // Open channels would keep the process alive after the command is done.
    await client.dispose();
  }
}

function dispatch(
  command: Exclude<Command, { kind: 'help' | 'version' | 'serve' }>,
  context: CommandContext,
): Promise<number> {
  switch (command.kind) {
    case 'list':
      return runListCommand(command, context);
    case 'describe':
      return runDescribeCommand(command, context);
    case 'invoke':
      return runInvokeCommand(command, context);
    case 'health':
      return runHealthCommand(command, context);
    case 'burst':
      return runBurstCommand(command, context);
    case 'channelz':
      return runChannelzCommand(command, context);
    case 'run':
      return runRunCommand(command.argv, context);
    case 'export':
      return runExportCommand(command.argv, context);
    case 'import':
      return runImportCommand(command.argv, context);
    case 'forward':
      return runForwardCommand(command.argv, context);
    case 'k8s':
      return runK8sCommand(command.argv, context);
  }
}
