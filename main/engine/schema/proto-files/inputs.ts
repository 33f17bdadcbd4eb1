/**
 * Turns what the user typed (files, directories, globs; import paths) into concrete .proto files,
 * each with the directory that would be its root if no import path covers it.
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { WorkbenchError } from '../../../../shared/api/errors';
import type { PathObservations } from './path-observations';

export interface ProtoInput {
  /** The file as the user will recognise it (relative when they gave a relative path). */
  displayPath: string;
  absolutePath: string;
  /** Root used when no import path contains the file: the directory given, a glob's base, or the file's directory. */
  fallbackRoot: string;
}

async function statOrUndefined(path: string): Promise<Awaited<ReturnType<typeof stat>> | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

// Loaded on first use: a load served from the compile cache lists no directory.
const tinyglobby = () => import('tinyglobby');

/** The leading path segments of a glob that contain no pattern characters, e.g. `protos` for `protos/**\/*.proto`. */
function globBase(pattern: string, isDynamicPattern: (segment: string) => boolean): string {
  const segments = pattern.split('/');
  const firstDynamic = segments.findIndex((segment) => isDynamicPattern(segment));
  const base = segments.slice(0, firstDynamic).join('/');
  return base === '' ? (pattern.startsWith('/') ? '/' : '.') : base;
}

/**
 * The .proto files at `path` (a directory, a file or a glob), or undefined when nothing is there —
 * so the caller can look elsewhere. Something that is there but unusable is an error.
 */
async function expandAt(path: string, observations: PathObservations): Promise<ProtoInput[] | undefined> {
  const { glob, isDynamicPattern } = await tinyglobby();
  const info = await statOrUndefined(path);
  if (info?.isDirectory()) {
    const found = await glob('**/*.proto', { cwd: path, onlyFiles: true });
    observations.directoryListed(path, found);
    if (found.length === 0) {
      throw new WorkbenchError('io', `No .proto files in directory ${path}`, {
        subject: path,
        hint: 'Pick a directory that contains .proto files (it is searched recursively).',
      });
    }
    return found.sort().map((relative) => ({
      displayPath: join(path, relative),
      absolutePath: resolve(path, relative),
      fallbackRoot: path,
    }));
  }
  if (info !== undefined) {
    if (!path.endsWith('.proto')) {
      // The compiler (buf) only reads files named *.proto.
      throw new WorkbenchError('bad_input', `${path} is not a .proto file`, {
        subject: path,
        hint: 'Pass .proto source files, or load a compiled descriptor set with {{protosets}}.',
      });
    }
    observations.expect(path, 'file');
    return [{ displayPath: path, absolutePath: resolve(path), fallbackRoot: dirname(path) }];
  }
  if (isDynamicPattern(path)) {
    observations.notRecordable();
    const found = await glob(path, { onlyFiles: true, absolute: isAbsolute(path) });
    const protos = found.filter((file) => file.endsWith('.proto')).sort();
    if (protos.length === 0) return undefined;
    const base = globBase(path, isDynamicPattern);
    return protos.map((file) => ({ displayPath: file, absolutePath: resolve(file), fallbackRoot: base }));
  }
  observations.expect(path, 'absent');
  return undefined;
}

/**
 * Like protoc and grpcurl (`-import-path protos -proto user/v1/user.proto`), a relative entry that
 * names nothing in the working directory is looked for under each import path, in order.
 */
function candidatePaths(entry: string, importPaths: readonly string[]): string[] {
  return isAbsolute(entry) ? [entry] : [entry, ...importPaths.map((importPath) => join(importPath, entry))];
}

async function expandOne(
  entry: string,
  importPaths: readonly string[],
  observations: PathObservations,
): Promise<ProtoInput[]> {
  for (const candidate of candidatePaths(entry, importPaths)) {
    const found = await expandAt(candidate, observations);
    if (found !== undefined) return found;
  }
  const searched =
    isAbsolute(entry) || importPaths.length === 0
      ? `relative paths start from ${process.cwd()}`
      : `looked in ${process.cwd()} and under the import paths ${importPaths.join(', ')}`;
  if ((await tinyglobby()).isDynamicPattern(entry)) {
    throw new WorkbenchError('io', `No .proto files match ${entry}`, {
      subject: entry,
      hint: `Check the pattern (${searched}); quote it so your shell does not expand it first.`,
    });
  }
  throw new WorkbenchError('io', `${entry}: no such file or directory`, {
    subject: entry,
    hint: `Check the path (${searched}).`,
  });
}

/** Every .proto file the entries name, in the order given, each once. */
export async function expandProtoInputs(
  entries: readonly string[],
  importPaths: readonly string[],
  observations: PathObservations,
): Promise<ProtoInput[]> {
  const seen = new Set<string>();
  const inputs: ProtoInput[] = [];
  for (const entry of entries) {
    for (const input of await expandOne(entry, importPaths, observations)) {
      if (seen.has(input.absolutePath)) continue;
      seen.add(input.absolutePath);
      inputs.push(input);
    }
  }
  return inputs;
}

/** Import paths must be existing directories: a typo here would otherwise surface as confusing import errors. */
export async function checkImportPaths(importPaths: readonly string[], observations: PathObservations): Promise<void> {
  for (const importPath of importPaths) {
    const info = await statOrUndefined(importPath);
    observations.expect(importPath, 'dir');
    if (info === undefined) {
      throw new WorkbenchError('io', `Import path ${importPath} does not exist`, {
        subject: importPath,
        hint: `Check the path (relative paths start from ${process.cwd()}).`,
      });
    }
    if (!info.isDirectory()) {
      throw new WorkbenchError('io', `Import path ${importPath} is not a directory`, {
        subject: importPath,
        hint: 'Import paths (-I, -import-path) are directories that imports are resolved against; pass .proto files separately.',
      });
    }
  }
}
