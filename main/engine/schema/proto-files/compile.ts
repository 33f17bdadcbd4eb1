/**
 * .proto text → FileDescriptorSet, with protoc's semantics and buf as the compiler.
 *
 * A directory with a few broken files still loads: we compile, turn buf's diagnostics into
 * `file:line:col: message` problems, drop the broken files and every file that imports them, and
 * compile the rest again — a bounded number of rounds, each of which removes at least one file.
 *
 * When protoc is on the PATH it compiles what it can (protoc-cli.ts: the same descriptors in about
 * 0.6× buf's time and memory), in chunks and rounds of its own (protoc-rounds.ts); buf compiles
 * only the files protoc cannot — those importing a well-known type the import paths lack (buf has
 * built-in copies), and those protoc rejected, which buf explains with the messages a buf-only
 * compile gives, or compiles when they are merely newer than that protoc. The runs' files are
 * merged by name and checked for names defined twice (runs do not see each other's symbols).
 * With a cache folder, a load first asks the cache's manifest (compile-cache.ts), which vouches
 * for an unchanged tree with `stat` alone.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { create, fromBinary } from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type FileDescriptorProto,
  type FileDescriptorSet,
} from '@bufbuild/protobuf/wkt';
import type { SchemaProblem } from '../../../../shared/api';
import { WorkbenchError } from '../../../../shared/api/errors';
import { dependencyOrder } from '../file-order';
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
import { findProtoc, type ProtocDiagnostic } from './protoc-cli';
import { compileWithProtoc } from './protoc-rounds';
import { addFileRecords, type FileRecord } from './set-records';

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

  /** `names` and every file importing them, transitively (excluded or not). */
  withImporters(names: Iterable<string>): Set<string> {
    const reached = new Set(names);
    const queue = [...reached];
    while (queue.length > 0) {
      for (const { importer } of this.importers.get(queue.pop()!) ?? []) {
        if (reached.has(importer)) continue;
        reached.add(importer);
        queue.push(importer);
      }
    }
    return reached;
  }

  /** Surviving `targets` and the files they import: what the next compile needs. */
  liveFiles(targets: readonly string[]): Set<string> {
    const live = new Set<string>();
    const queue = targets.filter((name) => !this.names.has(name));
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
 * What a file puts in the global scope: its package and the packages enclosing it (which files may
 * share), and its top-level messages, enums, enum values (C++ scoping: siblings of their enum),
 * services and extensions, which no other file may define.
 */
function definedNames(file: FileDescriptorProto): { packages: string[]; symbols: string[] } {
  const parts = file.package === '' ? [] : file.package.split('.');
  const packages = parts.map((_, index) => parts.slice(0, index + 1).join('.'));
  const prefix = file.package === '' ? '' : `${file.package}.`;
  const symbols = [
    ...file.messageType.map((message) => message.name),
    ...file.enumType.flatMap((enumType) => [enumType.name, ...enumType.value.map((value) => value.name)]),
    ...file.service.map((service) => service.name),
    ...file.extension.map((extension) => extension.name),
  ].map((name) => prefix + name);
  return { packages, symbols };
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

  // Which protoc (it runs `protoc --version` once per process) is found while the import scan runs.
  const protocFound = bufOnly ? Promise.resolve(undefined) : findProtoc().catch(() => undefined);
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
  const live = exclusions.liveFiles(graph.targets);
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

  const records = new Map<string, FileRecord>();
  const rejected = new Map<string, ProtocDiagnostic[]>();
  let bufTargets = graph.targets.filter((name) => live.has(name));
  let protocRuns = 0;
  const protoc = await protocFound;
  if (protoc !== undefined) {
    // protoc has no built-in copies of the well-known types: a file importing one the import
    // paths lack, and its importers, are buf's.
    const withImporters = (names: Iterable<string>) => exclusions.withImporters(names);
    const needsBuiltIns = withImporters(
      [...live].filter((name) => graph.files.get(name)!.imports.some((statement) => !live.has(statement.name))),
    );
    const protocTargets = bufTargets.filter((name) => !needsBuiltIns.has(name));
    if (protocTargets.length > 0) {
      // protoc reads the files where they are: it resolves names in the import paths as the graph did.
      const workDir = await mkdtemp(join(tmpdir(), 'grpc-workbench-protoc-'));
      try {
        const byProtoc = await compileWithProtoc({
          protoc,
          importPaths: graph.searchedPaths.map((path) => resolve(path)),
          workDir,
          targets: protocTargets,
          known: (name) => live.has(name),
          withImporters,
        });
        for (const [name, record] of byProtoc.records) records.set(name, record);
        for (const [name, diagnostics] of byProtoc.rejected) rejected.set(name, diagnostics);
        protocRuns = byProtoc.runs;
        // What protoc rejected goes to buf, which explains it — or compiles it (a newer syntax
        // than this protoc knows): its verdict and messages are those of a buf-only compile.
        const forBuf = withImporters([...needsBuiltIns, ...byProtoc.rejected.keys(), ...byProtoc.unsettled]);
        bufTargets = bufTargets.filter((name) => forBuf.has(name));
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    }
  }
  const bufRuns = bufTargets.length === 0 ? 0 : await compileWithBuf(bufTargets, records);
  if (protocRuns + bufRuns === 0) return finish(create(FileDescriptorSetSchema));
  // The files that survived, and buf's built-in copies of well-known types the paths lack.
  const survivors = exclusions.liveFiles(graph.targets);
  const missing = [...survivors].find((name) => !records.has(name));
  if (missing !== undefined) throw new Error(`No compiler wrote ${missing}`);
  const decoded = new Map<string, FileDescriptorProto>();
  for (const [name, { body }] of records) {
    if (survivors.has(name) || !graph.files.has(name)) decoded.set(name, fromBinary(FileDescriptorProtoSchema, body));
  }
  // Separate runs did not see each other's symbols: a name defined twice is the error protoc
  // would have reported on the later file.
  if (protocRuns + bufRuns > 1) excludeDuplicates(dependencyOrder(decoded, graph.targets));
  const kept = exclusions.liveFiles(graph.targets);
  const ordered = dependencyOrder(
    decoded,
    graph.targets.filter((name) => kept.has(name)),
  );
  const compiledBy: CompilerName = bufTargets.length === 0 ? 'protoc' : protocRuns === 0 ? 'buf' : 'protoc+buf';
  const encoded = Buffer.concat(ordered.map((file) => records.get(file.name)!.record));
  return remember(finish(create(FileDescriptorSetSchema, { file: ordered }), compiledBy), encoded);

  /**
   * Excludes each file (with its importers) that defines a name an earlier file of `ordered`
   * defined, reporting what protoc said of it if it rejected it, else protoc's message.
   */
  function excludeDuplicates(ordered: readonly FileDescriptorProto[]): void {
    const definedIn = new Map<string, { file: string; isPackage: boolean }>();
    for (const file of ordered) {
      if (exclusions.names.has(file.name)) continue;
      const { packages, symbols } = definedNames(file);
      const clash =
        packages.find((name) => definedIn.get(name)?.isPackage === false) ??
        symbols.find((name) => definedIn.has(name));
      if (clash === undefined) {
        for (const name of packages) definedIn.set(name, { file: file.name, isPackage: true });
        for (const name of symbols) definedIn.set(name, { file: file.name, isPackage: false });
        continue;
      }
      const graphFile = graph.files.get(file.name)!;
      const said = rejected.get(file.name) ?? [
        { file: file.name, message: `"${clash}" is already defined in file "${definedIn.get(clash)!.file}".` },
      ];
      for (const { line, column, message } of said) {
        problems.push({
          file: graphFile.displayPath,
          ...(line === undefined ? {} : { line }),
          ...(column === undefined ? {} : { column }),
          message,
        });
      }
      exclusions.exclude(file.name);
    }
  }

  /**
   * buf rounds over `targets` (and what they import) in a workspace of their own: buf compiles
   * every file staged. Adds what compiled to `records`; returns 1, or 0 when every file failed.
   */
  async function compileWithBuf(targets: readonly string[], records: Map<string, FileRecord>): Promise<number> {
    const bufWorkspace = await BufWorkspace.create();
    try {
      let bufLive = exclusions.liveFiles(targets);
      await bufWorkspace.stage([...bufLive].map((name) => graph.files.get(name)!));
      for (let round = 0; round < maxCompileRounds; round++) {
        if (bufLive.size === 0) return 0;
        const result = await runBufBuild(bufWorkspace.dir, bufWorkspace.outputFile);
        if (result.ok) {
          addFileRecords(await readFile(bufWorkspace.outputFile), records);
          return 1;
        }
        const attributable = result.diagnostics.filter((diagnostic) => bufLive.has(stagedName(diagnostic) ?? ''));
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
        const stillLive = exclusions.liveFiles(targets);
        await bufWorkspace.unstage([...bufLive].filter((name) => !stillLive.has(name)));
        bufLive = stillLive;
      }
      throw new WorkbenchError('schema', `Gave up compiling after ${maxCompileRounds} rounds of errors`, {
        hint: 'Fix the problems reported so far, or load fewer files at once.',
      });
    } finally {
      await bufWorkspace.dispose();
    }
  }
}
