import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { WorkbenchError } from '../../../shared/api';
import { listDirectory } from './directory-listing';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'folder-browser-'));
  for (const folder of ['zeta', 'Alpha', 'beta', '.hidden', '.config', 'api/environments'])
    mkdirSync(join(home, folder), { recursive: true });
  writeFileSync(join(home, 'api', 'workbench.yaml'), 'kind: collection\nname: API\n');
  writeFileSync(join(home, 'notes.txt'), 'a file, not a folder');
  symlinkSync(join(home, 'api'), join(home, 'link-to-api'));
  symlinkSync(join(home, 'nowhere'), join(home, 'dangling'));
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as WorkbenchError,
  );

describe('listDirectory', () => {
  it('starts at home: readable sub-folders sorted by name, hidden last, collections marked', async () => {
    const listing = await listDirectory(undefined, home);
    expect(listing.path).toBe(home);
    expect(listing.home).toBe(home);
    expect(listing.parent).toBe(join(home, '..'));
    expect(listing.isCollection).toBe(false);
    expect(listing.folders.map((folder) => folder.name)).toEqual([
      'Alpha',
      'api',
      'beta',
      'link-to-api',
      'zeta',
      '.config',
      '.hidden',
    ]);
    expect(listing.folders.find((folder) => folder.name === 'api')).toEqual({
      name: 'api',
      path: join(home, 'api'),
      isCollection: true,
    });
    expect(listing.folders.find((folder) => folder.name === 'link-to-api')?.isCollection).toBe(true);
    expect(listing.folders.find((folder) => folder.name === 'beta')?.isCollection).toBe(false);
  });

  it('lists a given folder, normalised, and knows it is a collection', async () => {
    const listing = await listDirectory(join(home, 'beta', '..', 'api'), home);
    expect(listing).toEqual({
      path: join(home, 'api'),
      parent: home,
      home,
      folders: [{ name: 'environments', path: join(home, 'api', 'environments'), isCollection: false }],
      isCollection: true,
    });
  });

  it('has no parent at the root of the file system', async () => {
    expect((await listDirectory('/', home)).parent).toBeUndefined();
  });

  it('names what is wrong with a path it cannot list', async () => {
    const missing = await failure(listDirectory(join(home, 'gone'), home));
    expect(missing).toMatchObject({ kind: 'not_found', message: `There is no folder ${join(home, 'gone')}.` });
    const file = await failure(listDirectory(join(home, 'notes.txt'), home));
    expect(file).toMatchObject({ kind: 'bad_input', message: `${join(home, 'notes.txt')} is a file, not a folder.` });
    const relative = await failure(listDirectory('api', home));
    expect(relative).toMatchObject({ kind: 'bad_input', message: 'Folder "api" is not an absolute path.' });
  });

  // root reads any folder, so the permission check has nothing to refuse there.
  it.skipIf(process.getuid?.() === 0)(
    'leaves out a folder the user cannot read, and says so when asked to list it',
    async () => {
      chmodSync(join(home, 'zeta'), 0o000);
      try {
        expect((await listDirectory(home, home)).folders.map((folder) => folder.name)).not.toContain('zeta');
        expect(await failure(listDirectory(join(home, 'zeta'), home))).toMatchObject({
          kind: 'io',
          message: expect.stringMatching(/permission denied/),
        });
      } finally {
        chmodSync(join(home, 'zeta'), 0o755);
      }
    },
  );
});
