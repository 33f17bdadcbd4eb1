/**
 * `recent.json` in the data folder: the collections opened lately, newest first, one per root,
 * at most MAX_RECENT_COLLECTIONS — what the folder picker offers before the user browses.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import type { RecentCollection } from '../../../shared/api';
import { COLLECTION_FILE } from '../../../shared/collections/collection';
import { readJsonFile, writeFileAtomically } from './json-file';
import { createSerialQueue } from './serial-queue';

export const RECENT_FILE = 'recent.json';
export const MAX_RECENT_COLLECTIONS = 20;
const MAX_RECENT_FILE_BYTES = 1024 * 1024;

const recentFileSchema = z.object({
  collections: z.array(z.object({ root: z.string().min(1), name: z.string(), openedAt: z.string() })),
});

export interface RecentCollections {
  /** Newest first; a collection whose folder is gone (an unplugged drive) is left out, not forgotten. */
  list(): Promise<RecentCollection[]>;
  add(collection: { root: string; name: string }, now?: Date): Promise<void>;
}

export function createRecentCollections(dataDir: string): RecentCollections {
  const path = join(dataDir, RECENT_FILE);
  const queue = createSerialQueue();
  // A broken file is moved aside by readJsonFile; the list then starts afresh.
  const read = async () =>
    (await readJsonFile(path, recentFileSchema, { maxBytes: MAX_RECENT_FILE_BYTES, what: 'recent collections' })).value
      ?.collections ?? [];
  return {
    list: () =>
      queue(async () => {
        const all = await read();
        const present = await Promise.all(all.map((entry) => isCollection(entry.root)));
        return all.filter((_, index) => present[index]);
      }),
    add: ({ root, name }, now = new Date()) =>
      queue(async () => {
        const others = (await read()).filter((entry) => entry.root !== root);
        const collections = [{ root, name, openedAt: now.toISOString() }, ...others].slice(0, MAX_RECENT_COLLECTIONS);
        await writeFileAtomically(path, `${JSON.stringify({ collections }, null, 2)}\n`);
      }),
  };
}

export async function isCollection(folder: string): Promise<boolean> {
  try {
    await access(join(folder, COLLECTION_FILE));
    return true;
  } catch {
    return false;
  }
}
