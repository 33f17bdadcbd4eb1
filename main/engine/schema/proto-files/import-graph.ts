/**
 * Resolves the files a compile needs the way protoc does: each target gets its import name from the
 * first import path that contains it, each import is looked up in the import paths in order (first
 * hit wins), and files that cannot be read or import something missing are flagged before any
 * compiler runs.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SchemaProblem } from '../../../../shared/api';
import type { ProtoInput } from './inputs';
import type { PathObservations } from './path-observations';
import { scanImports, type ImportStatement } from './import-scan';

interface Root {
  /** As the user wrote it, for messages and display paths. */
  given: string;
  absolute: string;
}

export interface GraphFile {
  /** The import name, e.g. `quirky/shop/v1/shop.proto`. */
  name: string;
  absolutePath: string;
  displayPath: string;
  imports: ImportStatement[];
  /** sha256 of the bytes read for the import scan (the compile cache's key), absent if unreadable. */
  contentHash?: string;
}

export interface ImportGraph {
  /** Targets and everything they import (transitively) that exists on disk, by import name. */
  files: Map<string, GraphFile>;
  /** Import names of the targets, in the order given. */
  targets: string[];
  /** Files already known to be broken (unreadable, or importing a file that does not exist). */
  broken: Set<string>;
  problems: SchemaProblem[];
  /** The directories imports were looked up in, in order, as the user wrote them. */
  searchedPaths: string[];
}

/** protoc's meaning, with where we looked: the paths are what the user can fix. */
export function importNotFoundMessage(name: string, searchedPaths: readonly string[]): string {
  return `Import "${name}" was not found in the import paths (${searchedPaths.join(', ')}).`;
}

// buf ships the well-known types (google/protobuf/*.proto) and supplies them when the import
// paths do not have them, like protoc does from its own include directory.
const compilerProvidedPrefix = 'google/protobuf/';

/** `name` of `file` relative to `root`, with `/` separators, or undefined when the file is outside. */
function nameUnder(root: Root, absolutePath: string): string | undefined {
  const path = relative(root.absolute, absolutePath);
  if (path === '' || path.startsWith('..') || isAbsolute(path)) return undefined;
  return path.split(sep).join('/');
}

function isPlainRelativeName(name: string): boolean {
  return (
    !isAbsolute(name) &&
    !name.includes('\\') &&
    !name.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')
  );
}

// Synchronous on purpose: a tree of thousands of small files spent more in promise and thread-pool
// round trips (and the garbage they make) than in the reads themselves.
function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function uniqueRoots(paths: readonly string[]): Root[] {
  const roots: Root[] = [];
  for (const given of paths) {
    const absolute = resolve(given);
    if (!roots.some((root) => root.absolute === absolute)) roots.push({ given, absolute });
  }
  return roots;
}

/** The file's bytes, with what `fstat` said of it just before they were read (the cache's manifest). */
function readObserved(path: string, observations: PathObservations): Buffer {
  const fd = openSync(path, 'r');
  try {
    observations.observed(path, fstatSync(fd, { bigint: true }));
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

export async function buildImportGraph(
  inputs: readonly ProtoInput[],
  importPaths: readonly string[],
  observations: PathObservations,
): Promise<ImportGraph> {
  // A file outside every import path is rooted at its fallback root (the directory given, or its
  // own directory), which then also serves imports, after the explicit import paths.
  const explicitRoots = uniqueRoots(importPaths);
  const uncovered = inputs.filter(
    (input) => !explicitRoots.some((root) => nameUnder(root, input.absolutePath) !== undefined),
  );
  const roots = uniqueRoots([...importPaths, ...uncovered.map((input) => input.fallbackRoot)]);
  const searchedPaths = roots.map((root) => root.given);
  const problems: SchemaProblem[] = [];
  const broken = new Set<string>();
  const files = new Map<string, GraphFile>();
  const targets: string[] = [];

  const locate = async (name: string): Promise<{ root: Root; absolutePath: string } | undefined> => {
    for (const root of roots) {
      const absolutePath = join(root.absolute, name);
      if (isFile(absolutePath)) return { root, absolutePath };
      observations.expect(absolutePath, 'not-file');
    }
    return undefined;
  };

  for (const input of inputs) {
    const explicit = explicitRoots.find((root) => nameUnder(root, input.absolutePath) !== undefined);
    const root = explicit ?? roots.find((candidate) => candidate.absolute === resolve(input.fallbackRoot))!;
    const name = nameUnder(root, input.absolutePath) ?? input.absolutePath;
    const found = await locate(name);
    if (found !== undefined && found.absolutePath !== input.absolutePath) {
      problems.push({
        file: input.displayPath,
        message: `Input is shadowed in the import paths by "${join(found.root.given, name)}". Either use the latter file as your input or reorder the import paths so that the former file's location comes first.`,
      });
      continue;
    }
    if (files.has(name)) continue;
    files.set(name, { name, absolutePath: input.absolutePath, displayPath: input.displayPath, imports: [] });
    targets.push(name);
  }

  // Breadth-first over imports, reading each level's files in parallel.
  let pending = [...files.values()];
  while (pending.length > 0) {
    const next: GraphFile[] = [];
    await Promise.all(
      pending.map(async (file) => {
        try {
          const bytes = readObserved(file.absolutePath, observations);
          file.contentHash = createHash('sha256').update(bytes).digest('hex');
          const text = protoText(bytes);
          if (text === undefined) {
            // The compiler reads bytes that are not text as an empty file: a schema silently empty.
            broken.add(file.name);
            problems.push({ file: file.displayPath, message: 'Not a text .proto file: it is not UTF-8 text.' });
            return;
          }
          file.imports = scanImports(text);
        } catch (error) {
          // Which change would make it readable (mode, owner, a new file) is not worth tracking.
          observations.notRecordable();
          broken.add(file.name);
          problems.push({ file: file.displayPath, message: `Cannot read file: ${(error as Error).message}` });
          return;
        }
        for (const statement of file.imports) {
          if (files.has(statement.name)) continue;
          const found = isPlainRelativeName(statement.name) ? await locate(statement.name) : undefined;
          if (files.has(statement.name)) continue; // another file of this level resolved it meanwhile
          if (found !== undefined) {
            const imported = {
              name: statement.name,
              absolutePath: found.absolutePath,
              displayPath: join(found.root.given, statement.name),
              imports: [],
            };
            files.set(statement.name, imported);
            next.push(imported);
          } else if (!statement.name.startsWith(compilerProvidedPrefix)) {
            broken.add(file.name);
            problems.push({
              file: file.displayPath,
              line: statement.line,
              column: statement.column,
              message: importNotFoundMessage(statement.name, searchedPaths),
            });
          }
        }
      }),
    );
    pending = next;
  }
  for (const cycle of importCycles(files)) {
    for (const [index, name] of cycle.entries()) {
      const file = files.get(name)!;
      const imported = cycle[(index + 1) % cycle.length]!;
      const statement = file.imports.find((candidate) => candidate.name === imported)!;
      broken.add(name);
      problems.push({
        file: file.displayPath,
        line: statement.line,
        column: statement.column,
        message: `Import "${imported}" makes an import cycle: ${[...cycle.slice(index), ...cycle.slice(0, index), name].join(' → ')}.`,
      });
    }
  }
  return { files, targets, broken, problems, searchedPaths };
}

/** The file's text without a byte-order mark, or undefined when it is not UTF-8 text (a NUL byte counts as binary). */
function protoText(bytes: Buffer): string | undefined {
  if (bytes.includes(0) || !isUtf8(bytes)) return undefined;
  const text = bytes.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * Every import cycle, each as the files on it in import order — an iterative depth-first search
 * (a chain of thousands of imports must not overflow the stack).
 */
function importCycles(files: ReadonlyMap<string, GraphFile>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath = new Map<string, number>();
  for (const start of files.keys()) {
    if (done.has(start)) continue;
    const path: { name: string; next: number }[] = [{ name: start, next: 0 }];
    onPath.set(start, 0);
    while (path.length > 0) {
      const top = path[path.length - 1]!;
      const statement = files.get(top.name)!.imports[top.next++];
      if (statement === undefined) {
        path.pop();
        onPath.delete(top.name);
        done.add(top.name);
        continue;
      }
      const imported = statement.name;
      const depth = onPath.get(imported);
      if (depth !== undefined) cycles.push(path.slice(depth).map((step) => step.name));
      else if (files.has(imported) && !done.has(imported)) {
        onPath.set(imported, path.length);
        path.push({ name: imported, next: 0 });
      }
    }
  }
  return cycles;
}
