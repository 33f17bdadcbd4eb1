import type { Command } from '../args';
import { EXIT_OK } from '../exit-codes';
import { formatJson } from '../output/grpcurl';
import { writeProtosetOut } from '../schema-source';
import type { CommandContext } from './context';
import { loadSchemaForListing } from './schema-command';

type ListCommand = Extract<Command, { kind: 'list' }>;

/** grpcurl's `list`: service names one per line (sorted), or `pkg.Service.Method` lines of one service. */
export async function runListCommand(command: ListCommand, context: CommandContext): Promise<number> {
  // grpcurl's way: `list` asks ListServices alone, `list SERVICE` the file of that service.
  const symbols = command.service === undefined ? [] : [command.service];
  const { schemaId } = await loadSchemaForListing(command.target, command.options, context, symbols);
  const { names } = await context.client.listSymbols({
    schemaId,
    ...(command.service === undefined ? {} : { service: command.service }),
  });
  if (command.options.output === 'json') context.output.out(`${formatJson(names)}\n`);
  else if (names.length === 0) context.output.out(command.service === undefined ? '(No services)\n' : '(No methods)\n');
  else context.output.out(`${names.join('\n')}\n`);
  await writeProtosetOut(
    context,
    schemaId,
    command.service === undefined ? names : [command.service],
    command.options.schema.protosetOut,
  );
  return EXIT_OK;
}
