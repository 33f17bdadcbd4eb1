import { writeFile } from 'node:fs/promises';
import type { ConnectionOptions, MetadataEntry, SchemaLoadResult, SchemaProblem, SchemaSource } from '../../shared/api';
import { formatSchemaProblem, WorkbenchError } from '../../shared/api';
import type { SchemaFlags } from './args';
import type { CommandContext } from './commands/context';

export interface SchemaSourceParams {
  schema: SchemaFlags;
  /** The server to ask by reflection; absent for `list`/`describe` on files only. */
  connection?: ConnectionOptions;
  /** -H plus -reflect-header. */
  reflectionMetadata: readonly MetadataEntry[];
  deadlineMs?: number;
  /**
   * What the command needs from reflection (the engine's `symbols`): `[]` the service names alone,
   * names the files defining them. Absent, or with -protoset-out (which writes whole files): all.
   */
  symbols?: readonly string[];
  /** loadSchema's `link`: `onUse` for `describe SYMBOL`, which links only what it prints needs. */
  link?: 'all' | 'onUse';
}

/** The service of `pkg.Service/Method` or `pkg.Service.Method`: the symbol reflection is asked for. */
export function serviceOfMethod(method: string): string {
  const trimmed = method.trim().replace(/^\//, '');
  const slash = trimmed.indexOf('/');
  if (slash >= 0) return trimmed.slice(0, slash);
  const dot = trimmed.lastIndexOf('.');
  return dot > 0 ? trimmed.slice(0, dot) : trimmed;
}

/**
 * grpcurl's schema sources as the engine's list, in grpcurl's order: server reflection first (its
 * descriptors win), then .proto files and protosets filling in what it lacks.
 */
export function schemaSources(params: SchemaSourceParams): SchemaSource[] {
  const { schema: flags } = params;
  const sources: SchemaSource[] = [];
  if (flags.useReflection) {
    if (params.connection === undefined)
      throw new WorkbenchError('bad_input', 'Server reflection needs a host:port to ask.');
    sources.push({
      kind: 'reflection',
      connection: params.connection,
      metadata: [...params.reflectionMetadata],
      ...(params.deadlineMs === undefined ? {} : { deadlineMs: params.deadlineMs }),
      ...(params.symbols === undefined || flags.protosetOut !== undefined ? {} : { symbols: [...params.symbols] }),
    });
  }
  if (flags.protoFiles.length > 0)
    sources.push({ kind: 'protoFiles', files: flags.protoFiles, importPaths: flags.importPaths });
  if (flags.protosets.length > 0) sources.push({ kind: 'protoset', files: flags.protosets });
  return sources;
}

/**
 * The schema a command works with, loaded by the engine from grpcurl's sources. Files that fail to
 * load are reported as warnings, protoc-style; the rest of the schema still loads.
 */
export async function loadCommandSchema(
  params: SchemaSourceParams,
  context: CommandContext,
): Promise<SchemaLoadResult> {
  const loaded = await context.client.loadSchema({
    sources: schemaSources(params),
    ...(params.link === undefined ? {} : { link: params.link }),
  });
  for (const line of summarizeProblemsByFile(loaded.problems)) context.output.err(`Warning: ${line}\n`);
  return loaded;
}

/**
 * One line per file with problems: its first problem, protoc-style, and how many more it has. A
 * tree like googleapis carries whole directories of broken test protos; one line per problem
 * would bury the output under hundreds of them.
 */
export function summarizeProblemsByFile(problems: readonly SchemaProblem[]): string[] {
  const byFile = new Map<string, SchemaProblem[]>();
  for (const problem of problems) {
    const fileProblems = byFile.get(problem.file);
    if (fileProblems === undefined) byFile.set(problem.file, [problem]);
    else fileProblems.push(problem);
  }
  return [...byFile.values()].map(
    ([first, ...more]) => `${formatSchemaProblem(first!)}${more.length > 0 ? ` (+${more.length} more)` : ''}`,
  );
}

/** -protoset-out: the files defining `symbols` and their imports, as a FileDescriptorSet file. */
export async function writeProtosetOut(
  context: CommandContext,
  schemaId: string,
  symbols: readonly string[],
  path: string | undefined,
): Promise<void> {
  if (path === undefined) return;
  const { protosetBase64 } = await context.client.exportSchema({ schemaId, symbols: [...symbols] });
  try {
    await writeFile(path, Buffer.from(protosetBase64, 'base64'));
  } catch (error) {
    throw new WorkbenchError('io', `Cannot write the protoset to ${path}: ${(error as Error).message}`, {
      subject: path,
      hint: 'Check that the directory exists and is writable.',
    });
  }
}
