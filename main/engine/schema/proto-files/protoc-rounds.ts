/**
 * protoc over a tree that may hold broken files, in rounds like buf's (compile.ts).
 *
 * protoc stops at the first input that fails and reports only its errors (and those of the imports
 * it parsed for it). So the targets go in chunks of `chunkTargets`, each its own protoc run: a
 * failure repeats one chunk, not the tree, and no run holds the whole tree in memory (protoc's
 * memory grows faster than the files it holds). A failed run names the files with errors: they and
 * their importers leave the run, the targets before the failing input (which compiled) run again
 * as one chunk, those after it as another. Runs go two at a time where there are two cores.
 *
 * What protoc rejected is not the verdict: compile.ts hands those files to buf, which explains
 * them (the messages every compile reports) or compiles them (an old protoc and a newer syntax).
 * Chunks do not see each other's symbols; compile.ts checks the merged set for duplicates.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { addFileRecords, type FileRecord } from './set-records';
import { importHadErrors, runProtoc, type Protoc, type ProtocDiagnostic } from './protoc-cli';

/** Targets per protoc run: googleapis (~8,000 files) in 8 runs, a small tree in one. */
export const chunkTargets = 1_000;

// Each failed run removes at least one file; past this many, what is left goes to buf.
const maxFailedRuns = 32;

export interface ProtocCompile {
  /** Each file compiled, by import name (a file several runs wrote, once). */
  records: Map<string, FileRecord>;
  /** Files protoc reported errors in (their own, not only an import's), with what it said. */
  rejected: Map<string, ProtocDiagnostic[]>;
  /** Targets protoc could not settle (errors in no known file, too many failed runs): for buf. */
  unsettled: string[];
  /** How many runs produced `records`: above one, their symbols were not checked against each other. */
  runs: number;
}

export interface ProtocRoundsOptions {
  protoc: Protoc;
  /** The import paths, absolute, in order: protoc resolves names as the import graph did. */
  importPaths: readonly string[];
  /** An empty directory the runs work in and write their output to. */
  workDir: string;
  targets: readonly string[];
  /** Whether a file is one the compile knows (errors elsewhere are not attributable). */
  known: (name: string) => boolean;
  /** `names` and every file importing them, transitively. */
  withImporters: (names: Iterable<string>) => Set<string>;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

export async function compileWithProtoc(options: ProtocRoundsOptions): Promise<ProtocCompile> {
  const compiled: ProtocCompile = { records: new Map(), rejected: new Map(), unsettled: [], runs: 0 };
  const queue = chunks(options.targets, chunkTargets);
  let failedRuns = 0;
  let outputs = 0;
  // Files leaving the runs: the rejected ones and their importers.
  let leaving = new Set<string>();

  const runOne = async (names: string[]): Promise<void> => {
    names = names.filter((name) => !leaving.has(name));
    if (names.length === 0) return;
    if (failedRuns >= maxFailedRuns) {
      compiled.unsettled.push(...names);
      return;
    }
    const outputFile = join(options.workDir, `protoc-${outputs++}.binpb`);
    const result = await runProtoc(options.protoc, options.importPaths, names, outputFile, options.workDir);
    if (result.ok) {
      addFileRecords(await readFile(outputFile), compiled.records);
      compiled.runs++;
      return;
    }
    failedRuns++;
    // A file whose import failed is not itself a culprit: its other errors follow from the import.
    const consequences = new Set(
      result.diagnostics.filter((d) => importHadErrors.test(d.message)).map((diagnostic) => diagnostic.file),
    );
    const culprits = new Map<string, ProtocDiagnostic[]>();
    for (const diagnostic of result.diagnostics) {
      if (consequences.has(diagnostic.file) || !options.known(diagnostic.file)) continue;
      culprits.set(diagnostic.file, [...(culprits.get(diagnostic.file) ?? []), diagnostic]);
    }
    const affected = options.withImporters(culprits.keys());
    const failing = names.findIndex((name) => affected.has(name));
    if (failing === -1) {
      compiled.unsettled.push(...names);
      return;
    }
    for (const [name, diagnostics] of culprits) compiled.rejected.set(name, diagnostics);
    leaving = new Set([...leaving, ...affected]);
    queue.unshift(names.slice(0, failing), names.slice(failing + 1));
  };

  // A failed run queues its two halves: a free worker takes them even while the other runs.
  const workers = Math.min(2, availableParallelism());
  await new Promise<void>((resolve, reject) => {
    let running = 0;
    const pump = (): void => {
      while (running < workers && queue.length > 0) {
        running++;
        runOne(queue.shift()!).then(() => {
          running--;
          pump();
        }, reject);
      }
      if (running === 0 && queue.length === 0) resolve();
    };
    pump();
  });
  return compiled;
}
