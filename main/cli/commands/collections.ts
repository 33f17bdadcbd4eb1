/**
 * The collection commands, on the in-process client like every command: `run` (the CI runner,
 * exit statuses of docs/collections.md), `export grpcurl FILE` and `import grpcurl -- ARGS…`.
 * Each parses its own flags (long ones, `--flag value` or `--flag=value`).
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CollectionEvent, WorkbenchEvent } from '../../../shared/api';
import { followEvents, WorkbenchError } from '../../../shared/api';
import { EXIT_USAGE } from '../../../shared/collections/exit-status';
import { formatRunJson, formatRunText } from '../../../shared/collections/reporters';
import { parseAssignment } from '../../../shared/collections/variables';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes';
import { formatErrorInfo, formatFailure } from '../failure';
import { exportUsage, importUsage, runUsage } from '../usage';
import type { CommandContext } from './context';

type RunEnd = Extract<CollectionEvent, { type: 'run-end' }>;
const isRunEnd = (event: WorkbenchEvent): event is RunEnd => event.type === 'run-end';

/** Flag mistakes of the collection commands. */
class FlagError extends Error {}

type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

function parseFlags(
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { values: FlagValues; positionals: string[] } {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new FlagError((error as Error).message);
  }
}

function assignments(texts: readonly string[] | undefined, flag: string): Record<string, string> {
  try {
    return Object.fromEntries((texts ?? []).map((text) => parseAssignment(text, flag)));
  } catch (error) {
    throw new FlagError((error as Error).message);
  }
}

/** `run`: 0 passed, 1 an expectation failed, 2 transport, 3 usage or collection, 4 unresolved, 5 schema. */
export async function runRunCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const { client, output } = context;
  let request: Parameters<typeof client.startRun>[0];
  let reporters: { format: 'junit' | 'json'; file: string }[];
  let format: 'text' | 'json';
  try {
    const { values, positionals } = parseFlags(argv, {
      env: { type: 'string' },
      'env-var': { type: 'string', multiple: true },
      secret: { type: 'string', multiple: true },
      tags: { type: 'string' },
      bail: { type: 'boolean' },
      reporter: { type: 'string', multiple: true },
      output: { type: 'string' },
    });
    format = (values.output as string | undefined) === undefined ? 'text' : (values.output as 'text' | 'json');
    if (format !== 'text' && format !== 'json')
      throw new FlagError(`--output: expected text or json, got "${format}".`);
    reporters = ((values.reporter as string[] | undefined) ?? []).map((text) => {
      const match = /^(junit|json)=(.+)$/.exec(text);
      if (match === null) throw new FlagError(`--reporter: expected junit=FILE or json=FILE, got "${text}".`);
      return { format: match[1] as 'junit' | 'json', file: resolve(match[2]!) };
    });
    const tags = (values.tags as string | undefined)?.split(',').filter((tag) => tag !== '') ?? [];
    request = {
      runId: randomUUID(),
      paths: positionals.length > 0 ? positionals : ['.'],
      cwd: process.cwd(),
      ...(values.env === undefined ? {} : { env: values.env as string }),
      envVars: assignments(values['env-var'] as string[] | undefined, '--env-var'),
      secrets: assignments(values.secret as string[] | undefined, '--secret'),
      tags,
      bail: values.bail === true,
    };
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    output.err(`${error.message}\nUsage: ${runUsage}\n`);
    return EXIT_USAGE;
  }

  const { runId } = request;
  const events = followEvents(client, runId, isRunEnd);
  try {
    await client.startRun(request);
  } catch (error) {
    events.dispose();
    output.err(formatFailure(error));
    return EXIT_USAGE;
  }
  // Ctrl+C: the request in progress is cancelled, the rest are reported as skipped.
  const cancel = (): void => void client.cancelRun({ runId }).catch(() => undefined);
  context.signal?.addEventListener('abort', cancel, { once: true });
  let end: RunEnd;
  try {
    end = await events.ended;
  } finally {
    context.signal?.removeEventListener('abort', cancel);
  }
  if (end.error !== undefined) output.err(formatErrorInfo(end.error));
  const { report } = end;
  if (format === 'json') output.out(formatRunJson(report));
  else output.out(formatRunText(report));
  for (const reporter of reporters) {
    const text = reporter.format === 'junit' ? (await client.exportRunJunit({ runId })).xml : formatRunJson(report);
    try {
      await writeFile(reporter.file, text);
    } catch (error) {
      output.err(`Error: cannot write the ${reporter.format} report ${reporter.file}: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
  }
  return report.exitStatus;
}

/** `export grpcurl FILE`: prints the grpcurl command line of a request file. */
export async function runExportCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const { client, output } = context;
  let params: Parameters<typeof client.exportGrpcurl>[0];
  try {
    const { values, positionals } = parseFlags(argv, {
      env: { type: 'string' },
      'env-var': { type: 'string', multiple: true },
    });
    const [format, file, ...extra] = positionals;
    if (format !== 'grpcurl' || file === undefined || extra.length > 0) {
      throw new FlagError(format === 'grpcurl' ? 'Give one request file.' : 'Only "export grpcurl" is known.');
    }
    params = {
      file: resolve(file),
      cwd: process.cwd(),
      ...(values.env === undefined ? {} : { env: values.env as string }),
      envVars: assignments(values['env-var'] as string[] | undefined, '--env-var'),
    };
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    output.err(`${error.message}\nUsage: ${exportUsage}\n`);
    return EXIT_FAILURE;
  }
  const { command } = await client.exportGrpcurl(params);
  output.out(command.endsWith('\n') ? command : `${command}\n`);
  return EXIT_OK;
}

/** `import grpcurl [--out FILE] -- ARGS…` (or a command line on stdin): a request file from a grpcurl command. */
export async function runImportCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const { client, output } = context;
  const split = argv.indexOf('--');
  const flags = split < 0 ? argv : argv.slice(0, split);
  let params: Omit<Parameters<typeof client.importGrpcurl>[0], 'command'>;
  try {
    const { values, positionals } = parseFlags(flags, {
      out: { type: 'string' },
      name: { type: 'string' },
      'secret-names': { type: 'string' },
    });
    if (positionals[0] !== 'grpcurl' || positionals.length > 1) {
      throw new FlagError(
        positionals[0] === 'grpcurl' ? 'Put the grpcurl words after --.' : 'Only "import grpcurl" is known.',
      );
    }
    params = {
      ...(values.out === undefined ? {} : { out: resolve(values.out as string) }),
      ...(values.name === undefined ? {} : { name: values.name as string }),
      secretNames: ((values['secret-names'] as string | undefined) ?? '').split(',').filter((name) => name !== ''),
    };
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    output.err(`${error.message}\nUsage: ${importUsage}\n`);
    return EXIT_FAILURE;
  }
  const command = split < 0 ? await readAll(context) : argv.slice(split + 1);
  if (command.length === 0) {
    throw new WorkbenchError('bad_input', 'No grpcurl command: give its words after -- or one command line on stdin.');
  }
  const imported = await client.importGrpcurl({ ...params, command });
  if (imported.path === undefined) output.out(imported.text);
  else output.err(`Wrote ${imported.path}\n`);
  return EXIT_OK;
}

async function readAll(context: CommandContext): Promise<string> {
  let text = '';
  context.io.stdin.setEncoding('utf8');
  for await (const chunk of context.io.stdin as AsyncIterable<string>) text += chunk;
  return text.trim();
}
