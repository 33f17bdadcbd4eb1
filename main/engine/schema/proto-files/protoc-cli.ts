/**
 * protoc, when the machine has it on the PATH, as the faster compiler of a clean tree: on googleapis
 * it takes about 0.6× buf's time and memory for the same FileDescriptorSet (compile.ts uses it
 * only where the result is the same — every import resolved to a real file, no source info — and
 * `compile.test.ts` proves the equality). buf stays the compiler that is always there, and the one
 * whose diagnostics we turn into problems when a tree has errors.
 */
import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** The first release whose proto3 `optional` needs no flag; older ones are left to buf. */
const minimumVersion = [3, 15] as const;

export interface Protoc {
  path: string;
  /** As `protoc --version` prints it, e.g. `libprotoc 3.21.12`. */
  version: string;
}

// `protoc --version` of each binary seen, by path and stat: run once per process and binary.
const versions = new Map<string, Promise<string | undefined>>();

/** The file a shell would run for `protoc`: the first executable of that name on the PATH. */
export async function protocOnPath(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const name = process.platform === 'win32' ? 'protoc.exe' : 'protoc';
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      if ((await stat(candidate)).isFile()) {
        await access(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // Not here: the next directory.
    }
  }
  return undefined;
}

function versionAccepted(version: string): boolean {
  const match = /^libprotoc (\d+)\.(\d+)/.exec(version);
  if (match === null) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > minimumVersion[0] || (major === minimumVersion[0] && minor >= minimumVersion[1]);
}

/**
 * protoc on the PATH, if there is one that runs and is recent enough. The PATH is searched on each
 * call (it is only a few `stat`s) so that the compiler used is the one the cache key names.
 */
export async function findProtoc(): Promise<Protoc | undefined> {
  const path = await protocOnPath();
  if (path === undefined) return undefined;
  const info = await stat(path);
  const identity = `${path} ${info.ino} ${info.size} ${info.mtimeMs}`;
  // node:child_process loads on first use: a load served from the cache spawns nothing.
  const { execFile } = await import('node:child_process');
  let version = versions.get(identity);
  if (version === undefined) {
    version = new Promise((resolve) =>
      execFile(path, ['--version'], { windowsHide: true, timeout: 10_000 }, (error, stdout) =>
        resolve(error === null ? stdout.trim() : undefined),
      ),
    );
    versions.set(identity, version);
  }
  const printed = await version;
  return printed !== undefined && versionAccepted(printed) ? { path, version: printed } : undefined;
}

/** One error line of protoc (`file:line:col: message`, or `file: message`), `file` an import name. */
export interface ProtocDiagnostic {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export type ProtocResult = { ok: true } | { ok: false; diagnostics: ProtocDiagnostic[]; stderr: string };

/** The message protoc gives a file whose import failed; the import's own errors come before it. */
export const importHadErrors = /^Import ".*" was not found or had errors\.$/;

/** protoc's errors (its default `gcc` format); warnings and its own log lines are left out. */
export function parseProtocDiagnostics(stderr: string): ProtocDiagnostic[] {
  const diagnostics: ProtocDiagnostic[] = [];
  for (const line of stderr.split(/\r?\n/)) {
    if (line.startsWith('[libprotobuf')) continue;
    const positioned = /^(.+?\.proto):(\d+):(\d+): (.*)$/.exec(line);
    if (positioned !== null) {
      const [, file, lineNo, column, message] = positioned as unknown as [string, string, string, string, string];
      if (!message.startsWith('warning: '))
        diagnostics.push({ file, line: Number(lineNo), column: Number(column), message });
      continue;
    }
    const whole = /^(.+?\.proto): (.*)$/.exec(line);
    if (whole !== null && !whole[2]!.startsWith('warning: ')) diagnostics.push({ file: whole[1]!, message: whole[2]! });
  }
  return diagnostics;
}

/**
 * `protoc --include_imports --descriptor_set_out` of `names` (import names, resolved in
 * `importPaths`: absolute, in order) into `outputFile`, run in `workDir` (empty but for outputs: a
 * name that is also a path from the working directory would be taken as that file). The names go in an argument file (`@file`): a tree of
 * thousands of files would overflow a command line on Windows. protoc stops at the first input
 * that fails (its errors, and those of the imports it parsed for it, are all it reports).
 */
export async function runProtoc(
  protoc: Protoc,
  importPaths: readonly string[],
  names: readonly string[],
  outputFile: string,
  workDir: string,
): Promise<ProtocResult> {
  const argumentFile = `${outputFile}.args`;
  await writeFile(
    argumentFile,
    [
      ...importPaths.map((path) => `-I${path}`),
      '--include_imports',
      `--descriptor_set_out=${outputFile}`,
      ...names,
    ].join('\n'),
  );
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) =>
    execFile(
      protoc.path,
      [`@${argumentFile}`],
      { cwd: workDir, maxBuffer: 256 * 1024 * 1024, windowsHide: true },
      (error, _stdout, stderr) =>
        resolve(error === null ? { ok: true } : { ok: false, diagnostics: parseProtocDiagnostics(stderr), stderr }),
    ),
  );
}
