/**
 * Runs the buf CLI (npm `@bufbuild/buf`) to compile .proto files into a FileDescriptorSet.
 *
 * The binary comes from the platform package `@bufbuild/buf-<os>-<arch>` that @bufbuild/buf installs
 * as an optional dependency. We resolve it with createRequire instead of relying on PATH or on the
 * `node_modules/.bin/buf` wrapper: the wrapper is a Node script, and inside Electron
 * `process.execPath` is the Electron binary, not node. A packaged Electron app must list the
 * platform package under `asarUnpack` (an executable inside app.asar cannot be spawned); we then
 * point at the `app.asar.unpacked` copy.
 */
import { createRequire } from 'node:module';
import { arch, platform } from 'node:process';
import { WorkbenchError } from '../../../../shared/api/errors';

const platformPackages: Record<string, string> = {
  'darwin arm64': '@bufbuild/buf-darwin-arm64',
  'darwin x64': '@bufbuild/buf-darwin-x64',
  'linux arm64': '@bufbuild/buf-linux-aarch64',
  'linux arm': '@bufbuild/buf-linux-armv7',
  'linux x64': '@bufbuild/buf-linux-x64',
  'win32 arm64': '@bufbuild/buf-win32-arm64',
  'win32 x64': '@bufbuild/buf-win32-x64',
};

let cachedBinary: string | undefined;

/** Absolute path of the buf executable for this platform. */
export function bufBinaryPath(): string {
  if (cachedBinary !== undefined) return cachedBinary;
  const packageName = platformPackages[`${platform} ${arch}`];
  if (packageName === undefined) {
    throw new WorkbenchError(
      'schema',
      `Compiling .proto files is not supported on ${platform} ${arch} (no buf binary for it)`,
      {
        hint: 'Load a protoset instead (protoc --include_imports --descriptor_set_out=…), or use server reflection.',
      },
    );
  }
  try {
    const resolved = createRequire(import.meta.url).resolve(
      `${packageName}/bin/buf${platform === 'win32' ? '.exe' : ''}`,
    );
    cachedBinary = resolved.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
    return cachedBinary;
  } catch (error) {
    throw new WorkbenchError('schema', `The buf compiler (${packageName}) is not installed`, {
      hint: 'Reinstall dependencies with `npm install` (optional dependencies must not be skipped).',
      cause: error,
    });
  }
}

/** One compile error as buf reports it with `--error-format json`. */
export interface BufDiagnostic {
  /** Path relative to the workspace directory, e.g. `src/a/b.proto`. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

export type BufBuildResult = { ok: true } | { ok: false; diagnostics: BufDiagnostic[]; stderr: string };

// buf exits with 100 when the inputs have errors (its "file annotations" exit code).
const exitCodeFileAnnotations = 100;

function parseDiagnostics(stdout: string, stderr: string): BufDiagnostic[] {
  const diagnostics: BufDiagnostic[] = [];
  for (const line of `${stdout}\n${stderr}`.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as {
        path?: unknown;
        start_line?: unknown;
        start_column?: unknown;
        message?: unknown;
      };
      if (typeof entry.message !== 'string') continue;
      diagnostics.push({
        path: typeof entry.path === 'string' ? entry.path : '',
        ...(typeof entry.start_line === 'number' && entry.start_line > 0 ? { line: entry.start_line } : {}),
        ...(typeof entry.start_column === 'number' && entry.start_column > 0 ? { column: entry.start_column } : {}),
        message: entry.message,
      });
    } catch {
      // Not a diagnostic line (buf may log other text); the caller falls back to stderr.
    }
  }
  return diagnostics;
}

/**
 * `buf build` of the workspace in `workspaceDir` into `outputFile`: a FileDescriptorSet with all
 * imports (the default) and without source info (`--exclude-source-info`), like
 * `protoc --include_imports --descriptor_set_out`.
 */
export async function runBufBuild(workspaceDir: string, outputFile: string): Promise<BufBuildResult> {
  const args = [
    'build',
    '.',
    '--as-file-descriptor-set',
    '--exclude-source-info',
    '--error-format',
    'json',
    '-o',
    outputFile,
  ];
  // node:child_process loads on first compile: a load served from the cache spawns nothing.
  const { execFile } = await import('node:child_process');
  return new Promise((resolvePromise, reject) => {
    execFile(
      bufBinaryPath(),
      args,
      { cwd: workspaceDir, maxBuffer: 256 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error === null) {
          resolvePromise({ ok: true });
        } else if (error.code === exitCodeFileAnnotations) {
          resolvePromise({ ok: false, diagnostics: parseDiagnostics(stdout, stderr), stderr });
        } else {
          reject(
            new WorkbenchError(
              'schema',
              `The buf compiler failed: ${(stderr.trim() || error.message).split('\n')[0]}`,
              {
                hint: 'Check that the .proto files and import paths are readable; rerun with the same files to see whether it persists.',
                cause: error,
              },
            ),
          );
        }
      },
    );
  });
}
