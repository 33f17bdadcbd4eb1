import { writeFile } from 'node:fs/promises';
import type { FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import type { ConnectionOptions, MetadataEntry, SchemaProblem } from '../../shared/api/contract';
import { EngineError } from '../engine/errors';
import { loadSchemaViaReflection } from '../engine/reflection/loadSchemaViaReflection';
import { compileProtoFiles, readProtosets, Schema } from '../engine/schema';
import type { SchemaFlags } from './args';
import type { CommandContext } from './commands/context';

export interface SchemaSourceParams {
  schema: SchemaFlags;
  /** The server to ask by reflection; absent for `list`/`describe` on files only. */
  connection?: ConnectionOptions;
  /** -H plus -reflect-header. */
  reflectionMetadata: readonly MetadataEntry[];
  deadlineMs?: number;
}

/**
 * The schema a command works with, from grpcurl's sources: server reflection, .proto files or
 * protosets — or reflection plus files, where (as in grpcurl) the server's descriptors win and the
 * files fill in what it lacks. Files that fail to load are reported as warnings, protoc-style; the
 * rest of the schema still loads.
 */
export async function loadCommandSchema(params: SchemaSourceParams, context: CommandContext): Promise<Schema> {
  const { schema: flags } = params;
  const problems: SchemaProblem[] = [];
  const files: FileDescriptorProto[] = [];
  if (flags.useReflection) {
    if (params.connection === undefined)
      throw new EngineError('bad_input', 'Server reflection needs a host:port to ask.');
    const reflected = await loadSchemaViaReflection({
      pool: context.pool,
      connection: params.connection,
      metadata: params.reflectionMetadata,
      ...(params.deadlineMs === undefined ? {} : { deadlineMs: params.deadlineMs }),
    });
    files.push(...reflected.files);
    problems.push(...reflected.problems);
  }
  if (flags.protoFiles.length > 0) {
    const compiled = await compileProtoFiles({ files: flags.protoFiles, importPaths: flags.importPaths });
    if (compiled.fileSet.file.length === 0) throw noUsableFiles(compiled.problems);
    files.push(...compiled.fileSet.file);
    problems.push(...compiled.problems);
  }
  if (flags.protosets.length > 0) files.push(...(await readProtosets(flags.protosets)).file);

  const schema = Schema.fromFileDescriptorProtos(files);
  for (const line of summarizeProblemsByFile([...problems, ...schema.problems]))
    context.output.err(`Warning: ${line}\n`);
  return schema;
}

/** protoc's `file:line:col: message`. */
export function formatSchemaProblem(problem: SchemaProblem): string {
  const position =
    problem.line === undefined ? '' : `:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
  return `${problem.file}${position}: ${problem.message}`;
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

function noUsableFiles(problems: readonly SchemaProblem[]): EngineError {
  const first = problems[0];
  return new EngineError(
    'schema',
    first === undefined
      ? 'No .proto files were found.'
      : `No .proto file could be loaded: ${formatSchemaProblem(first)}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}`,
    {
      ...(first === undefined ? {} : { subject: first.file }),
      hint: 'Check the -proto paths and that -import-path lists the directories the imports are relative to.',
    },
  );
}

/** -protoset-out: the files defining `symbols` and their imports, as a FileDescriptorSet file. */
export async function writeProtosetOut(
  schema: Schema,
  symbols: readonly string[],
  path: string | undefined,
): Promise<void> {
  if (path === undefined) return;
  try {
    await writeFile(path, schema.toProtoset(symbols));
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError('io', `Cannot write the protoset to ${path}: ${(error as Error).message}`, {
      subject: path,
      hint: 'Check that the directory exists and is writable.',
    });
  }
}
