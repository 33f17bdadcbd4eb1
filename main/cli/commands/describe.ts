import type { Command } from '../args';
import { EXIT_OK } from '../exit-codes';
import { formatJson } from '../output/grpcurl';
import { writeProtosetOut } from '../schema-source';
import type { CommandContext } from './context';
import { loadSchemaForListing } from './schema-command';

type DescribeCommand = Extract<Command, { kind: 'describe' }>;

/** grpcurl's `describe [SYMBOL]`: `pkg.Name is a message:` and its declaration; every service without a symbol. */
export async function runDescribeCommand(command: DescribeCommand, context: CommandContext): Promise<number> {
  const { client } = context;
  // One symbol: printed from the file descriptors, linking only the files of the options it prints
  // (a file that does not link is reported when the output needs it). Every service: all linked, as `list`.
  const { schemaId } = await loadSchemaForListing(
    command.target,
    command.options,
    context,
    command.symbol === undefined ? undefined : [command.symbol],
    command.symbol === undefined ? 'all' : 'onUse',
  );
  const symbols = command.symbol === undefined ? (await client.listSymbols({ schemaId })).names : [command.symbol];
  const descriptions: { symbol: string; description: string; template?: unknown }[] = [];
  for (const symbol of symbols) {
    const { text, template } = await client.describeSymbol({
      schemaId,
      symbol,
      ...(command.messageTemplate ? { template: true } : {}),
    });
    descriptions.push({ symbol, description: text, ...(template === undefined ? {} : { template }) });
  }
  if (command.options.output === 'json') context.output.out(`${formatJson(descriptions)}\n`);
  else if (symbols.length === 0) context.output.out('Server returned an empty list of exposed services\n');
  else {
    for (const { description, template } of descriptions) {
      context.output.out(`${description}\n`);
      // grpcurl's -msg-template layout: a blank line, the heading, the JSON.
      if (template !== undefined) context.output.out(`\nMessage template:\n${formatJson(template)}\n`);
    }
  }
  await writeProtosetOut(context, schemaId, symbols, command.options.schema.protosetOut);
  return EXIT_OK;
}
