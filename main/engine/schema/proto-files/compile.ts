/**
 * .proto text → FileDescriptorSet, with protoc's semantics and buf as the compiler.
 *
 * A directory with a few broken files still loads: we compile, turn buf's diagnostics into
 * `file:line:col: message` problems, drop the broken files and every file that imports them, and
 * compile the rest again — a bounded number of rounds, each of which removes at least one file.
 *
 * A clean set is compiled by protoc instead when it is on the PATH (protoc-cli.ts: the same
 * descriptors in about 0.6× the time and memory); buf remains the compiler of last resort and the
 * one that explains errors. With a cache folder, a load first asks the cache's manifest
 * (compile-cache.ts), which vouches for an unchanged tree with `stat` alone.
 */
import { readFile } from 'node:fs/promises';
import { create, fromBinary } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { FileDescriptorSetSchema, type FileDescriptorProto, type FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import type { SchemaProblem } from '../../../../shared/api';
import { WorkbenchError } from '../../../../shared/api/errors';
import { dependencyOrder, filesByName } from '../file-order';
import { BufWorkspace, stagedSourceDir } from './buf-workspace';
import { runBufBuild, type BufDiagnostic } from './buf-cli';
import { buildImportGraph, importNotFoundMessage, type GraphFile, type ImportGraph } from './import-graph';
import { checkImportPaths, expandProtoInputs } from './inputs';
import {
  compileCacheKey,
  compilersIdentity,
  readByManifest,
  readCachedCompile,
  requestKey,
  writeCachedCompile,
  writeManifest,
  type CachedCompile,
  type CompilerName,
} from './compile-cache';
import { PathObservations } from './path-observations';
import { findProtoc, runProtoc } from './protoc-cli';

export interface CompileProtoFilesOptions {
  /**
   * Files, directories (searched recursively) and globs. A relative one that does not exist in the
   * working directory is looked up under each import path, in order (protoc's and grpcurl's way).
   */
  files: readonly string[];
  /** Directories imports are resolved against, in order, like protoc's -I. */
  importPaths?: readonly string[];
  /** Where compiled sets are cached by content (compile-cache.ts); absent, nothing is cached. */
  cacheDir?: string;
  /** Compile with buf even when protoc is on the PATH (the protoc-oracle tests check buf itself). */
  bufOnly?: boolean;
}

export interface CompileProtoFilesResult extends CachedCompile {
  /** The files that compiled and everything they import, in `protoc --include_imports` order. */
  fileSet: FileDescriptorSet;
  /** Files that could not be loaded, as protoc would report them. */
  problems: SchemaProblem[];
  /** How the cache served it: its manifest's `stat` checks held, or the files' contents matched. */
  cached?: 'unchanged-stats' | 'unchanged-content';
}

// Each round removes at least one file; real trees need two (errors, then the clean rest). A
// generous bound still ends a pathological tree in reasonable time.
const maxCompileRounds = 8;

/** Which files are excluded, and the problems that explain why. */
class Exclusions {
  readonly names = new Set<string>();
  readonly problems: SchemaProblem[] = [];
  private readonly importers = new Map<string, { importer: string; line: number; column: number }[]>();

  constructor(private readonly graph: ImportGraph) {
    for (const file of graph.files.values()) {
      for (const statement of file.imports) {
        const list = this.importers.get(statement.name) ?? [];
        list.push({ importer: file.name, line: statement.line, column: statement.column });
        this.importers.set(statement.name, list);
      }
    }
  }

  /** Excludes the file and, transitively, every file importing it (protoc's "was not found or had errors"). */
  exclude(name: string): void {
    const queue = [name];
    this.names.add(name);
    while (queue.length > 0) {
      const current = queue.shift()!;
      for (const { importer, line, column } of this.importers.get(current) ?? []) {
        // A broken importer reports its own problem, which says more than "had errors".
        if (this.names.has(importer) || this.graph.broken.has(importer)) continue;
        this.names.add(importer);
        this.problems.push({
          file: this.graph.files.get(importer)!.displayPath,
          line,
          column,
          message: `Import "${current}" was not found or had errors.`,
        });
        queue.push(importer);
      }
    }
  }

  /** Surviving targets and the files they import: what the next compile needs. */
  liveFiles(): Set<string> {
    const live = new Set<string>();
    const queue = this.graph.targets.filter((name) => !this.names.has(name));
    while (queue.length > 0) {
      const name = queue.pop()!;
      if (live.has(name) || this.names.has(name) || !this.graph.files.has(name)) continue;
      live.add(name);
      for (const statement of this.graph.files.get(name)!.imports) queue.push(statement.name);
    }
    return live;
  }
}

function stagedName(diagnostic: BufDiagnostic): string | undefined {
  const prefix = `${stagedSourceDir}/`;
  const path = diagnostic.path.replaceAll('\\', '/');
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

/**
 * buf's message for a missing import does not say which import; the statement on that line does.
 * (Only imports of google/protobuf/* reach buf unresolved: we leave those to its built-in copies.)
 */
function problemMessage(diagnostic: BufDiagnostic, file: GraphFile, searchedPaths: readonly string[]): string {
  if (diagnostic.message !== 'imported file does not exist') return diagnostic.message;
  const statement = file.imports.find((candidate) => candidate.line === diagnostic.line);
  return statement === undefined ? diagnostic.message : importNotFoundMessage(statement.name, searchedPaths);
}

/** A buf diagnostic as a problem of the user's file (its real path, not the staged one). */
function diagnosticProblem(
  diagnostic: BufDiagnostic,
  file: GraphFile,
  searchedPaths: readonly string[],
): SchemaProblem {
  const { line, column } = diagnostic;
  return {
    file: file.displayPath,
    ...(line === undefined ? {} : { line }),
    ...(column === undefined ? {} : { column }),
    message: problemMessage(diagnostic, file, searchedPaths),
  };
}

function byLocation(a: SchemaProblem, b: SchemaProblem): number {
  return a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/**
 * The encoding of the set `ordered`, cut from the compiler's `output` (decoded as `files`): each file
 * is one length-delimited record of it, and slicing 1 MB costs far less than encoding it again.
 * Undefined when the output holds anything else (the caller then encodes).
 */
function reorderedSetBytes(
  output: Uint8Array,
  files: readonly FileDescriptorProto[],
  ordered: readonly FileDescriptorProto[],
): Uint8Array | undefined {
  const reader = new BinaryReader(output);
  const records: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const [fieldNo, wireType] = reader.tag();
    if (fieldNo !== 1 || wireType !== WireType.LengthDelimited) return undefined;
    reader.skip(wireType);
    records.push(output.subarray(start, reader.pos));
  }
  if (records.length !== files.length) return undefined;
  const recordOf = new Map(files.map((file, index) => [file, records[index]!]));
  const parts = ordered.map((file) => recordOf.get(file));
  return parts.every((part) => part !== undefined) ? Buffer.concat(parts as Uint8Array[]) : undefined;
}

/** Every import of the files to compile resolves among them: none is left to buf's built-in copies. */
function selfContained(graph: ImportGraph, live: ReadonlySet<string>): boolean {
  return [...live].every((name) => graph.files.get(name)!.imports.every((statement) => live.has(statement.name)));
}

export async function compileProtoFiles(options: CompileProtoFilesOptions): Promise<CompileProtoFilesResult> {
  const importPaths = options.importPaths ?? [];
  const bufOnly = options.bufOnly ?? false;
  const cache =
    options.cacheDir === undefined ? undefined : { dir: options.cacheDir, compilers: await compilersIdentity(bufOnly) };
  const request =
    cache === undefined ? undefined : requestKey({ files: options.files, importPaths, compilers: cache.compilers });
  if (cache !== undefined) {
    const vouched = await readByManifest(request!, cache.dir);
    if (vouched !== undefined) return { ...vouched, cached: 'unchanged-stats' };
  }

  const observations = new PathObservations();
  await checkImportPaths(importPaths, observations);
  const inputs = await expandProtoInputs(options.files, importPaths, observations);
  const graph = await buildImportGraph(inputs, importPaths, observations);
  const exclusions = new Exclusions(graph);
  const problems = [...graph.problems];
  for (const name of graph.broken) exclusions.exclude(name);

  const finish = (fileSet: FileDescriptorSet, compiledBy?: CompilerName): CompileProtoFilesResult => ({
    fileSet,
    problems: [...problems, ...exclusions.problems].sort(byLocation),
    ...(compiledBy === undefined ? {} : { compiledBy }),
  });
  let live = exclusions.liveFiles();
  if (live.size === 0) return finish(create(FileDescriptorSetSchema));

  // Nothing that goes into the compile changed since it last ran: its result, from the cache.
  const contentKey = cache === undefined ? undefined : await compileCacheKey(graph, importPaths, cache.compilers);
  const vouchFor = async (key: string): Promise<void> => {
    const checks = await observations.settle();
    if (checks !== undefined) await writeManifest(request!, key, checks, cache!.dir);
  };
  if (contentKey !== undefined) {
    const cached = await readCachedCompile(contentKey, cache!.dir);
    if (cached !== undefined) {
      await vouchFor(contentKey);
      return { ...cached, cached: 'unchanged-content' };
    }
  }
  const remember = async (result: CompileProtoFilesResult, encoded?: Uint8Array): Promise<CompileProtoFilesResult> => {
    if (contentKey !== undefined) {
      await writeCachedCompile(contentKey, result, cache!.dir, encoded);
      await vouchFor(contentKey);
    }
    return result;
  };

  const workspace = await BufWorkspace.create();
  const built = async (compiledBy: CompilerName): Promise<CompileProtoFilesResult> => {
    const output = await readFile(workspace.outputFile);
    const fileSet = fromBinary(FileDescriptorSetSchema, output);
    const ordered = dependencyOrder(filesByName(fileSet.file), graph.targets);
    const result = finish(create(FileDescriptorSetSchema, { file: ordered }), compiledBy);
    return remember(result, reorderedSetBytes(output, fileSet.file, ordered));
  };
  try {
    await workspace.stage([...live].map((name) => graph.files.get(name)!));
    const protoc = bufOnly || !selfContained(graph, live) ? undefined : await findProtoc();
    const targets = graph.targets.filter((name) => live.has(name));
    // A failed protoc leaves the errors to buf, whose diagnostics we know how to attribute.
    if (protoc !== undefined && (await runProtoc(protoc, workspace.sourceDir, targets, workspace.outputFile))) {
      return await built('protoc');
    }
    for (let round = 0; round < maxCompileRounds; round++) {
      const result = await runBufBuild(workspace.dir, workspace.outputFile);
      if (result.ok) return await built('buf');
      const attributable = result.diagnostics.filter((diagnostic) => live.has(stagedName(diagnostic) ?? ''));
      if (attributable.length === 0) {
        const reported = result.diagnostics
          .map((d) => `${d.path}:${d.line ?? 0}:${d.column ?? 0}: ${d.message}`)
          .join('; ');
        throw new WorkbenchError(
          'schema',
          `The buf compiler failed: ${reported || result.stderr.trim() || 'no details'}`,
          {
            hint: 'This looks like a problem outside the .proto files given; check the import paths.',
          },
        );
      }
      for (const diagnostic of attributable) {
        const name = stagedName(diagnostic)!;
        problems.push(diagnosticProblem(diagnostic, graph.files.get(name)!, graph.searchedPaths));
        exclusions.exclude(name);
      }
      const stillLive = exclusions.liveFiles();
      await workspace.unstage([...live].filter((name) => !stillLive.has(name)));
      live = stillLive;
      if (live.size === 0) return finish(create(FileDescriptorSetSchema));
    }
    throw new WorkbenchError('schema', `Gave up compiling after ${maxCompileRounds} rounds of errors`, {
      hint: 'Fix the problems reported so far, or load fewer files at once.',
    });
  } finally {
    await workspace.dispose();
  }
}
