import type { FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import type { SchemaLoadResult, SchemaProblem } from '../../../shared/api';
import { formatSchemaProblem, WorkbenchError } from '../../../shared/api';
import type { OperationParsed } from '../../../shared/api';
import type { ChannelPool } from '../channel/pool';
import { loadSchemaViaReflection } from '../reflection/load-schema-via-reflection';
import { readProtosets } from './protoset';
import { Schema } from './schema';

type SchemaSourceParsed = OperationParsed<'loadSchema'>['sources'][number];
type LinkMode = NonNullable<OperationParsed<'loadSchema'>['link']>;

export interface LoadedSchema {
  schema: Schema;
  problems: SchemaProblem[];
  reflectionVersion?: SchemaLoadResult['reflectionVersion'];
}

/**
 * One schema from sources loaded in order — server reflection, .proto files, protosets — and
 * merged: where two define the same file the earlier wins, so (as in grpcurl) the server's
 * descriptors beat local files, which fill in what it lacks. Files that fail to compile are
 * reported as problems and the rest still loads; a .proto source of which nothing loads fails.
 * `link` (loadSchema's param): `all` reports the files that do not link — a check over the file
 * descriptors when they all link, linking them when one may not (Schema.problems); `onUse` leaves that
 * to the first operation that needs it (the problems are then those found before: missing imports).
 */
export async function loadSchemaFromSources(
  sources: readonly SchemaSourceParsed[],
  pool: ChannelPool,
  link: LinkMode = 'all',
): Promise<LoadedSchema> {
  const problems: SchemaProblem[] = [];
  const files: FileDescriptorProto[] = [];
  /** Services a server listed whose files were not fetched (a `list` needs only their names). */
  const listedServices: string[] = [];
  let reflectionVersion: LoadedSchema['reflectionVersion'];
  for (const source of sources) {
    switch (source.kind) {
      case 'reflection': {
        const reflected = await loadSchemaViaReflection({
          pool,
          connection: source.connection,
          metadata: source.metadata,
          ...(source.deadlineMs === undefined ? {} : { deadlineMs: source.deadlineMs }),
          ...(source.symbols === undefined ? {} : { symbols: source.symbols }),
        });
        files.push(...reflected.files);
        listedServices.push(...(reflected.listedServices ?? []));
        problems.push(...reflected.problems);
        reflectionVersion ??= reflected.version;
        break;
      }
      case 'protoFiles': {
        // The compiler's modules (buf, globbing, the cache's atomic writes) load when a source needs them.
        const [{ compileProtoFiles }, { compileCacheDir }] = await Promise.all([
          import('./proto-files/compile'),
          import('./proto-files/compile-cache'),
        ]);
        const compiled = await compileProtoFiles({
          files: source.files,
          importPaths: source.importPaths,
          cacheDir: compileCacheDir(),
        });
        if (compiled.fileSet.file.length === 0) throw noUsableFiles(compiled.problems);
        files.push(...compiled.fileSet.file);
        problems.push(...compiled.problems);
        break;
      }
      case 'protoset':
        files.push(...(await readProtosets(source.files)).file);
        break;
    }
  }
  const schema = Schema.fromFileDescriptorProtos(files, listedServices);
  return {
    schema,
    problems: [...problems, ...(link === 'all' ? schema.problems : schema.importProblems)],
    ...(reflectionVersion === undefined ? {} : { reflectionVersion }),
  };
}

/**
 * loadSchema's answer (SchemaLoadResult, less the id): with `link: 'all'` the service tree and the
 * files that do not link — found without linking when every file links (Schema.problems) — and the
 * count of files the schema has.
 */
export function schemaLoadSummary(
  { schema, problems, reflectionVersion }: LoadedSchema,
  link: LinkMode = 'all',
): Omit<SchemaLoadResult, 'schemaId'> {
  return {
    services: link === 'all' ? schema.services() : [],
    fileCount: link === 'all' ? schema.fileCount : schema.usableFileCount,
    problems,
    ...(reflectionVersion === undefined ? {} : { reflectionVersion }),
  };
}

function noUsableFiles(problems: readonly SchemaProblem[]): WorkbenchError {
  const first = problems[0];
  return new WorkbenchError(
    'schema',
    first === undefined
      ? 'No .proto files were found.'
      : `No .proto file could be loaded: ${formatSchemaProblem(first)}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}`,
    {
      ...(first === undefined ? {} : { subject: first.file }),
      hint: 'Check the {{protoFiles}} paths and that {{importPaths}} lists the directories the imports are relative to.',
    },
  );
}
