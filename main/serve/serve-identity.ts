/**
 * What keeps a browser-mode bookmark working across restarts: a stable port (50050 unless told
 * otherwise) and a per-user token kept in the data folder with mode 0600, so the cookie the
 * browser holds stays valid. Only the user can read the token file; `--ephemeral-token` makes a
 * fresh token per start instead (the old behaviour, for shared machines).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { WorkbenchError } from '../../shared/api';
import { ensureDataDir } from '../host/node-capabilities';
import { createToken } from './security';

/** Next to the demo lab's 50051: easy to remember, rarely taken. */
export const DEFAULT_SERVE_PORT = 50050;

const tokenFileName = 'serve-token';
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** The token of earlier starts, or a new one written for the next (mode 0600). */
export async function persistentServeToken(dataDir: string): Promise<string> {
  const file = join(dataDir, tokenFileName);
  try {
    const saved = (await readFile(file, 'utf8')).trim();
    if (tokenPattern.test(saved)) return saved;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unreadable(file, error);
  }
  const token = createToken();
  await ensureDataDir(dataDir);
  try {
    await writeFileAtomic(file, `${token}\n`, { mode: 0o600 });
  } catch (error) {
    throw unreadable(file, error);
  }
  return token;
}

function unreadable(file: string, error: unknown): WorkbenchError {
  return new WorkbenchError('io', `Cannot keep the browser-mode token in ${file}: ${(error as Error).message}`, {
    hint: 'Fix the permissions of the data folder, or start with --ephemeral-token.',
    subject: file,
  });
}
