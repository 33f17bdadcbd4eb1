/**
 * The data folder's small JSON files (the workspace, the recent collections): written atomically
 * (write-file-atomic: a temporary file renamed over the old one, so a crash leaves the old or the
 * new file, never half of one), readable only by the user (0600), and never silently lost — a file
 * that is too big, not JSON or not of the expected shape is moved aside and reported.
 */
import { readFile, rename, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { z } from 'zod';
import { WorkbenchError } from '../../../shared/api';
import { dataDirEnvVar, ensureDataDir } from '../node-capabilities';

export interface JsonFileProblem {
  message: string;
  /** Where the unreadable file was moved to, so nothing in it is lost. */
  backupPath?: string;
}

export interface JsonFileRead<T> {
  /** Absent when there is no file (first start) or when it was unreadable (then `problem`). */
  value?: T;
  problem?: JsonFileProblem;
}

/** A size as people read it: `812 bytes`, `7.9 KiB`, `40.2 MiB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** `workspace.json` → `workspace.broken-2026-12-01T12-30-00-000Z.json`, beside it. */
export function backupPathFor(path: string, now = new Date()): string {
  const extension = extname(path);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return join(dirname(path), `${basename(path, extension)}.broken-${stamp}${extension}`);
}

/**
 * Reads and validates a JSON file. Missing: `{}`. Too big, not JSON, or not of the schema's shape:
 * the file is moved aside and `problem` says why and where it went. A file that cannot be read at
 * all (permissions) is an `io` error: it is left where it is.
 */
export async function readJsonFile<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  { maxBytes, what }: { maxBytes: number; what: string },
): Promise<JsonFileRead<z.output<Schema>>> {
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > maxBytes) {
      return {
        problem: await moveAside(
          path,
          `The ${what} file ${path} is ${formatSize(size)}, over the limit of ${formatSize(maxBytes)}`,
        ),
      };
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw ioError(`Cannot read the ${what} file ${path}: ${(error as Error).message}`, path);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      problem: await moveAside(path, `The ${what} file ${path} is not valid JSON (${(error as Error).message})`),
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return {
      problem: await moveAside(
        path,
        `The ${what} file ${path} is not a valid ${what}${where}: ${issue?.message ?? 'unexpected shape'}`,
      ),
    };
  }
  return { value: parsed.data };
}

async function moveAside(path: string, reason: string): Promise<JsonFileProblem> {
  const backupPath = backupPathFor(path);
  try {
    await rename(path, backupPath);
  } catch (error) {
    throw ioError(`${reason}, and it could not be moved aside to ${backupPath}: ${(error as Error).message}`, path);
  }
  return { message: `${reason}; it was kept as ${backupPath} and a fresh one is used.`, backupPath };
}

/** Writes `text` atomically with mode 0600, creating the data folder if needed. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  await ensureDataDir(dirname(path));
  try {
    await writeFileAtomic(path, text, { mode: 0o600 });
  } catch (error) {
    throw ioError(`Cannot write ${path}: ${(error as Error).message}`, path);
  }
}

export function ioError(message: string, subject: string): WorkbenchError {
  return new WorkbenchError('io', message, {
    subject,
    hint: `Check the data folder's permissions and free space, or point ${dataDirEnvVar} at a writable folder.`,
  });
}
