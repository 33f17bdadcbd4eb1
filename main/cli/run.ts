import * as z from 'zod';
import { parseCommandLine, type Command } from './args';
import type { SecretStore } from '../engine/index';
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
  io.onCommand?.(command.kind);

  if (command.kind === 'help') {
    output.out(usageText());
    return EXIT_OK;
  }
  if (command.kind === 'version') {
    output.out(`grpc-workbench ${cliVersion}\n`);
    return EXIT_OK;
  }
  // The engine, each command and browser mode are imported when used: a start loads only what the
  // command runs (scripts/build.mjs makes each dynamic import a chunk).
  if (command.kind === 'serve') {
    const { runServeCommandFromCli } = await import('./commands/serve');
    return runServeCommandFromCli(command.argv, output, io.signal);
  }

  // Every command runs on the engine through the same door as the hosts (the operation table's
  // validation and bounds included). A command exports nothing, so calls record no messages.
  // A command validates each operation's params once or a few times: zod's JIT (it compiles an
  // object schema's parser with `new Function` on its first parse) costs more than it saves here.
  z.config({ jitless: true });
  const engine = await import('../engine/index');
  io.onEngineLoaded?.(engine);
  const client = engine.createWorkbenchService({
    hostInfo: { version: cliVersion, host: 'cli' },
    recordMessages: false,
    secrets: userSecretStore(),
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

/**
 * Collections' secrets from the user's data folder (a 0600 file), as in browser mode; its module
 * (atomic writes) is imported by the first secret asked for, which a call never does.
 */
function userSecretStore(): SecretStore {
  let store: Promise<SecretStore> | undefined;
  const loaded = (): Promise<SecretStore> =>
    (store ??= import('../host/node-capabilities').then((host) => host.createNodeCapabilities().secrets));
  return {
    get: async (key) => (await loaded()).get(key),
    set: async (key, value) => (await loaded()).set(key, value),
    delete: async (key) => (await loaded()).delete(key),
  };
}

async function dispatch(
  command: Exclude<Command, { kind: 'help' | 'version' | 'serve' }>,
  context: CommandContext,
): Promise<number> {
  switch (command.kind) {
    case 'list':
      return (await import('./commands/list')).runListCommand(command, context);
    case 'describe':
      return (await import('./commands/describe')).runDescribeCommand(command, context);
    case 'invoke':
      return (await import('./commands/invoke')).runInvokeCommand(command, context);
    case 'health':
      return (await import('./commands/health')).runHealthCommand(command, context);
    case 'burst':
      return (await import('./commands/burst')).runBurstCommand(command, context);
    case 'channelz':
      return (await import('./commands/channelz')).runChannelzCommand(command, context);
    case 'run':
      return (await import('./commands/collections')).runRunCommand(command.argv, context);
    case 'export':
      return (await import('./commands/collections')).runExportCommand(command.argv, context);
    case 'import':
      return (await import('./commands/collections')).runImportCommand(command.argv, context);
    case 'forward':
      return (await import('./commands/forward')).runForwardCommand(command.argv, context);
    case 'k8s':
      return (await import('./commands/k8s')).runK8sCommand(command.argv, context);
  }
}
