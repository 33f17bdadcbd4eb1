/**
 * `history.jsonl` in the data folder: one JSON line per call, appended. A crash cannot corrupt it:
 * a torn last line (the process died mid-write) is skipped on read and the next append starts on a
 * fresh line. Bounded by count and bytes: past either bound the file is rewritten atomically
 * without the oldest entries, down to 90 % of the bounds so one rewrite pays for many appends.
 *
 * Reading cost: the log is read once and then kept in memory (at most the byte bound, 20 MiB), so a
 * search — typed letter by letter in the History panel — costs no I/O. Another process writing the
 * same file (the app and browser mode on one data folder) is noticed by the file's size, time and
 * inode, checked before each operation, and the log is read again.
 *
 * Every operation runs on one queue, so concurrent calls never interleave lines or race a rewrite.
 */
import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryEntry, HistoryPage } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import { historyFilter, type HistoryQuery } from './history-query';
import { ioError, writeFileAtomically } from './json-file';
import { ensureDataDir } from '../node-capabilities';
import { createSerialQueue } from './serial-queue';

export const HISTORY_FILE = 'history.jsonl';
export const DEFAULT_MAX_HISTORY_ENTRIES = 2_000;
export const DEFAULT_MAX_HISTORY_BYTES = 20 * 1024 * 1024;
/** Compaction keeps this share of each bound, so the file is not rewritten on every append past it. */
const COMPACT_TO = 0.9;

export interface HistoryLogOptions {
  maxEntries?: number;
  maxBytes?: number;
}

export interface HistoryListQuery extends HistoryQuery {
  limit: number;
  before?: string | undefined;
}

export interface HistoryLog {
  append(entry: HistoryEntry): Promise<void>;
  /** Newest first. */
  list(query: HistoryListQuery): Promise<HistoryPage>;
  get(id: string): Promise<HistoryEntry>;
  clear(): Promise<void>;
}

interface StoredEntry {
  entry: HistoryEntry;
  /** The line's bytes, its newline included. */
  bytes: number;
}

interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

interface LoadedLog {
  /** Oldest first, as appended. */
  entries: StoredEntry[];
  bytes: number;
  /** False after a torn last line: the next append must start a fresh line. */
  endsWithNewline: boolean;
  stamp: FileStamp | undefined;
}

export function createHistoryLog(dataDir: string, options: HistoryLogOptions = {}): HistoryLog {
  const path = join(dataDir, HISTORY_FILE);
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_HISTORY_ENTRIES;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_HISTORY_BYTES;
  const queue = createSerialQueue();
  let log: LoadedLog | undefined;

  const current = async (): Promise<LoadedLog> => {
    const stamp = await stampOf(path);
    if (log === undefined || !sameStamp(log.stamp, stamp)) log = await readLog(path, stamp);
    return log;
  };

  const rewrite = async (loaded: LoadedLog, keep: StoredEntry[]): Promise<void> => {
    await writeFileAtomically(path, keep.map(({ entry }) => `${JSON.stringify(entry)}\n`).join(''));
    loaded.entries = keep;
    loaded.bytes = keep.reduce((sum, stored) => sum + stored.bytes, 0);
    loaded.endsWithNewline = true;
    loaded.stamp = await stampOf(path);
  };

  return {
    append: (entry) =>
      queue(async () => {
        const loaded = await current();
        const line = `${JSON.stringify(entry)}\n`;
        const text = loaded.endsWithNewline ? line : `\n${line}`;
        await ensureDataDir(dataDir);
        try {
          await appendFile(path, text, { mode: 0o600 });
        } catch (error) {
          throw ioError(`Cannot append to the history ${path}: ${(error as Error).message}`, path);
        }
        loaded.entries.push({ entry, bytes: Buffer.byteLength(line) });
        loaded.bytes += Buffer.byteLength(text);
        loaded.endsWithNewline = true;
        loaded.stamp = await stampOf(path);
        if (loaded.entries.length > maxEntries || loaded.bytes > maxBytes) {
          await rewrite(loaded, newestWithin(loaded.entries, maxEntries * COMPACT_TO, maxBytes * COMPACT_TO));
        }
      }),

    list: ({ limit, before, ...query }) =>
      queue(async () => {
        const matches = historyFilter(query);
        const { entries } = await current();
        let from = entries.length - 1;
        if (before !== undefined) {
          const at = lastIndexOf(entries, before);
          if (at < 0) throw goneEntry(before);
          from = at - 1;
        }
        const page: HistoryEntry[] = [];
        for (let index = from; index >= 0; index--) {
          const { entry } = entries[index]!;
          if (!matches(entry)) continue;
          if (page.length === limit) return { entries: page, more: true };
          page.push(entry);
        }
        return { entries: page, more: false };
      }),

    get: (id) =>
      queue(async () => {
        const { entries } = await current();
        const at = lastIndexOf(entries, id);
        if (at < 0) throw goneEntry(id);
        return entries[at]!.entry;
      }),

    clear: () =>
      queue(async () => {
        const loaded = await current();
        if (loaded.stamp === undefined && loaded.entries.length === 0) return;
        await rewrite(loaded, []);
      }),
  };
}

function lastIndexOf(entries: readonly StoredEntry[], id: string): number {
  for (let index = entries.length - 1; index >= 0; index--) if (entries[index]!.entry.id === id) return index;
  return -1;
}

/** The newest entries that fit both bounds; never fewer than the newest one. */
function newestWithin(entries: readonly StoredEntry[], count: number, bytes: number): StoredEntry[] {
  let total = 0;
  let start = entries.length;
  while (start > 0) {
    const next = entries[start - 1]!;
    const kept = entries.length - start;
    if (kept > 0 && (kept + 1 > count || total + next.bytes > bytes)) break;
    total += next.bytes;
    start--;
  }
  return entries.slice(start);
}

async function readLog(path: string, stamp: FileStamp | undefined): Promise<LoadedLog> {
  if (stamp === undefined) return { entries: [], bytes: 0, endsWithNewline: true, stamp };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return readLog(path, undefined);
    throw ioError(`Cannot read the history ${path}: ${(error as Error).message}`, path);
  }
  const entries: StoredEntry[] = [];
  // A line that does not parse is a write torn by a crash (the last line, or a former last line
  // the next append started after): skipped, and dropped at the next rewrite.
  for (const line of text.split('\n')) {
    const entry = parseEntry(line);
    if (entry !== undefined) entries.push({ entry, bytes: Buffer.byteLength(line) + 1 });
  }
  return { entries, bytes: Buffer.byteLength(text), endsWithNewline: text === '' || text.endsWith('\n'), stamp };
}

function parseEntry(line: string): HistoryEntry | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value = JSON.parse(line) as Partial<HistoryEntry> | null;
    const valid =
      typeof value === 'object' &&
      value !== null &&
      typeof value.id === 'string' &&
      typeof value.request === 'object' &&
      typeof value.status === 'object';
    return valid ? (value as HistoryEntry) : undefined;
  } catch {
    return undefined;
  }
}

async function stampOf(path: string): Promise<FileStamp | undefined> {
  try {
    const { size, mtimeMs, ino } = await stat(path);
    return { size, mtimeMs, ino };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw ioError(`Cannot read the history ${path}: ${(error as Error).message}`, path);
  }
}

function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a?.size === b?.size && a?.mtimeMs === b?.mtimeMs && a?.ino === b?.ino;
}

function goneEntry(id: string): WorkbenchError {
  return new WorkbenchError('not_found', `There is no history entry ${id}.`, {
    subject: id,
    hint: 'The history was cleared, or the entry was among the oldest dropped to keep the log bounded: list it again from the newest.',
  });
}
