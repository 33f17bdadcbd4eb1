/**
 * Turns what the user typed (files, directories, globs; import paths) into concrete .proto files,
 * each with the directory that would be its root if no import path covers it.
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { EngineError } from '../../errors';

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

/** The leading path segments of a glob that contain no pattern characters, e.g. `protos` for `protos/**\/*.proto`. */
function globBase(pattern: string): string {
  const segments = pattern.split('/');
  const firstDynamic = segments.findIndex((segment) => isDynamicPattern(segment));
  const base = segments.slice(0, firstDynamic).join('/');
  return base === '' ? (pattern.startsWith('/') ? '/' : '.') : base;
}

async function expandOne(entry: string): Promise<ProtoInput[]> {
  const info = await statOrUndefined(entry);
  if (info?.isDirectory()) {
    const found = await glob('**/*.proto', { cwd: entry, onlyFiles: true });
    if (found.length === 0) {
      throw new EngineError('io', `No .proto files in directory ${entry}`, { subject: entry, hint: 'Pick a directory that contains .proto files (it is searched recursively).' });
    }
    return found.sort().map((relative) => ({ displayPath: join(entry, relative), absolutePath: resolve(entry, relative), fallbackRoot: entry }));
  }
  if (info !== undefined) {
    if (!entry.endsWith('.proto')) {
      // The compiler (buf) only reads files named *.proto.
      throw new EngineError('bad_input', `${entry} is not a .proto file`, { subject: entry, hint: 'Pass .proto source files, or load a compiled descriptor set with -protoset.' });
    }
    return [{ displayPath: entry, absolutePath: resolve(entry), fallbackRoot: dirname(entry) }];
  }
  if (isDynamicPattern(entry)) {
    const found = await glob(entry, { onlyFiles: true, absolute: isAbsolute(entry) });
    const protos = found.filter((file) => file.endsWith('.proto')).sort();
    if (protos.length === 0) {
      throw new EngineError('io', `No .proto files match ${entry}`, { subject: entry, hint: 'Check the pattern; quote it so your shell does not expand it first.' });
    }
    const base = globBase(entry);
    return protos.map((file) => ({ displayPath: file, absolutePath: resolve(file), fallbackRoot: base }));
  }
  throw new EngineError('io', `${entry}: no such file or directory`, {
    subject: entry,
    hint: `Check the path (relative paths start from ${process.cwd()}).`,
  });
}

/** Every .proto file the entries name, in the order given, each once. */
export async function expandProtoInputs(entries: readonly string[]): Promise<ProtoInput[]> {
  const seen = new Set<string>();
  const inputs: ProtoInput[] = [];
  for (const entry of entries) {
    for (const input of await expandOne(entry)) {
      if (seen.has(input.absolutePath)) continue;
      seen.add(input.absolutePath);
      inputs.push(input);
    }
  }
  return inputs;
}

/** Import paths must be existing directories: a typo here would otherwise surface as confusing import errors. */
export async function checkImportPaths(importPaths: readonly string[]): Promise<void> {
  for (const importPath of importPaths) {
    const info = await statOrUndefined(importPath);
    if (info === undefined) {
      throw new EngineError('io', `Import path ${importPath} does not exist`, {
        subject: importPath,
        hint: `Check the path (relative paths start from ${process.cwd()}).`,
      });
    }
    if (!info.isDirectory()) {
      throw new EngineError('io', `Import path ${importPath} is not a directory`, {
        subject: importPath,
        hint: 'Import paths (-I, -import-path) are directories that imports are resolved against; pass .proto files separately.',
      });
    }
  }
}
