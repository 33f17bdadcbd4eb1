/**
 * protoc, the oracle the descriptor and codec tests compare with, run the same way on every
 * machine. Debian's `protobuf-compiler` ships the compiler without the well-known types (they come
 * with `libprotobuf-dev`, which it only recommends), so protoc is never left to find
 * `google/protobuf/*.proto` under /usr/include by accident: every run gets an explicit `-I` to the
 * copy the project installs itself (npm `google-proto-files`), placed after the caller's paths.
 * A missing or unusable protoc fails with one line naming what to install.
 */
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const googleProtoFiles = fileURLToPath(new URL('../../node_modules/google-proto-files', import.meta.url));

let wktRoot: string | undefined;

/**
 * An import path holding only `google/protobuf/*.proto`, copied once per process from the
 * project's own `google-proto-files` (the package's root also holds all of googleapis, which an
 * import path given to buf would make it scan).
 */
export function wellKnownTypesRoot(): string {
  if (wktRoot) return wktRoot;
  const source = join(googleProtoFiles, 'google/protobuf');
  if (!existsSync(join(source, 'timestamp.proto'))) {
    throw new Error(
      `protoc oracle: ${source}/timestamp.proto is missing: run \`npm ci\` (the package google-proto-files provides the well-known types).`,
    );
  }
  const root = mkdtempSync(join(tmpdir(), 'wkt-'));
  mkdirSync(join(root, 'google/protobuf'), { recursive: true });
  for (const name of readdirSync(source))
    if (name.endsWith('.proto')) copyFileSync(join(source, name), join(root, 'google/protobuf', name));
  wktRoot = root;
  return root;
}

const protocInstallHint =
  'install it with `apt-get install protobuf-compiler` (Debian/Ubuntu) or `brew install protobuf`';

let checked: string | undefined;

/** The protoc binary on the PATH, checked once per process: it runs and sees the well-known types. */
export function protocCommand(): string {
  if (checked) return checked;
  try {
    execFileSync('protoc', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error(`protoc oracle: \`protoc\` was not found on the PATH or does not run: ${protocInstallHint}.`);
  }
  checked = 'protoc';
  return checked;
}

/**
 * Runs protoc with `args` plus `-I` to the well-known types. Relative `-I` paths and file names
 * resolve against `options.cwd`, as on a command line.
 */
export function runProtoc(args: readonly string[], options: ExecFileSyncOptions = {}): Buffer {
  const command = protocCommand();
  try {
    return execFileSync(command, [...args, `-I${wellKnownTypesRoot()}`], { stdio: 'pipe', ...options }) as Buffer;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`protoc ${args.join(' ')} failed${stderr ? `:\n${stderr}` : ''}`, { cause: error });
  }
}
