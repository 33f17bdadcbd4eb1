import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRecentCollections, MAX_RECENT_COLLECTIONS, RECENT_FILE } from './recent-collections';

let work: string;
let dataDir: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'recent-'));
  dataDir = join(work, 'data');
});

function collection(name: string): string {
  const root = join(work, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'workbench.yaml'), `kind: collection\nname: ${name}\n`);
  return root;
}

describe('recent collections', () => {
  it('keeps them newest first, one per root, in a 0600 file', async () => {
    const recent = createRecentCollections(dataDir);
    expect(await recent.list()).toEqual([]);
    const [a, b] = [collection('a'), collection('b')];
    await recent.add({ root: a, name: 'A' }, new Date('2026-12-01T10:00:00Z'));
    await recent.add({ root: b, name: 'B' }, new Date('2026-12-01T11:00:00Z'));
    await recent.add({ root: a, name: 'A renamed' }, new Date('2026-12-01T12:00:00Z'));
    expect(await createRecentCollections(dataDir).list()).toEqual([
      { root: a, name: 'A renamed', openedAt: '2026-12-01T12:00:00.000Z' },
      { root: b, name: 'B', openedAt: '2026-12-01T11:00:00.000Z' },
    ]);
    expect(statSync(join(dataDir, RECENT_FILE)).mode & 0o777).toBe(0o600);
  });

  it(`is bounded to ${MAX_RECENT_COLLECTIONS}, dropping the oldest`, async () => {
    const recent = createRecentCollections(dataDir);
    for (let index = 0; index < MAX_RECENT_COLLECTIONS + 3; index++)
      await recent.add({ root: collection(`c${index}`), name: `c${index}` });
    const listed = await recent.list();
    expect(listed).toHaveLength(MAX_RECENT_COLLECTIONS);
    expect(listed[0]?.name).toBe(`c${MAX_RECENT_COLLECTIONS + 2}`);
    expect(listed.map((entry) => entry.name)).not.toContain('c2');
  });

  it('leaves out a collection whose folder is gone, without forgetting it', async () => {
    const recent = createRecentCollections(dataDir);
    const gone = collection('gone');
    await recent.add({ root: gone, name: 'gone' });
    rmSync(gone, { recursive: true });
    expect(await recent.list()).toEqual([]);
    expect(readFileSync(join(dataDir, RECENT_FILE), 'utf8')).toContain(gone);
  });

  it('starts afresh from a broken file, keeping it aside', async () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, RECENT_FILE), '[not json');
    const recent = createRecentCollections(dataDir);
    await recent.add({ root: collection('a'), name: 'a' });
    expect((await recent.list()).map((entry) => entry.name)).toEqual(['a']);
    const [backup] = readdirSync(dataDir).filter((name) => name.startsWith('recent.broken-'));
    expect(readFileSync(join(dataDir, backup!), 'utf8')).toBe('[not json');
  });
});
