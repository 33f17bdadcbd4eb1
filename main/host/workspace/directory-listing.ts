/**
 * The folder picker of browser mode (a page cannot hand the server a path): the sub-folders of one
 * folder that the user can open, collections marked, starting at the home folder.
 */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { DirectoryListing } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import { isCollection } from './recent-collections';

export async function listDirectory(path: string | undefined, home = homedir()): Promise<DirectoryListing> {
  if (path !== undefined && !isAbsolute(path)) {
    throw new WorkbenchError('bad_input', `Folder "${path}" is not an absolute path.`, {
      subject: path,
      hint: `Give the whole path, e.g. ${join(home, path)}.`,
    });
  }
  const folder = resolve(path ?? home);
  let names: string[];
  try {
    names = (await readdir(folder, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
      .map((entry) => entry.name);
  } catch (error) {
    throw unreadable(folder, error as NodeJS.ErrnoException);
  }
  const folders = (
    await Promise.all(
      names.map(async (name) => {
        const child = join(folder, name);
        return (await isOpenableFolder(child))
          ? { name, path: child, isCollection: await isCollection(child) }
          : undefined;
      }),
    )
  )
    .filter((entry) => entry !== undefined)
    .sort(byName);
  const parent = dirname(folder);
  return {
    path: folder,
    ...(parent === folder ? {} : { parent }),
    home,
    folders,
    isCollection: await isCollection(folder),
  };
}

/** A folder (a link to one counts) the user may list and enter. */
async function isOpenableFolder(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isDirectory()) return false;
    await access(path, constants.R_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** By name, case-insensitively; hidden folders (`.git`, `.config`) after the others. */
function byName(a: { name: string }, b: { name: string }): number {
  const hidden = Number(a.name.startsWith('.')) - Number(b.name.startsWith('.'));
  return hidden !== 0
    ? hidden
    : a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || (a.name < b.name ? -1 : 1);
}

function unreadable(folder: string, error: NodeJS.ErrnoException): WorkbenchError {
  switch (error.code) {
    case 'ENOENT':
      return new WorkbenchError('not_found', `There is no folder ${folder}.`, {
        subject: folder,
        hint: 'It may have been moved or deleted; go up to its parent.',
      });
    case 'ENOTDIR':
      return new WorkbenchError('bad_input', `${folder} is a file, not a folder.`, {
        subject: folder,
        hint: 'Choose the folder that holds it.',
      });
    case 'EACCES':
    case 'EPERM':
      return new WorkbenchError('io', `Cannot read folder ${folder}: permission denied.`, {
        subject: folder,
        hint: 'Choose a folder your user may read.',
      });
    default:
      return new WorkbenchError('io', `Cannot read folder ${folder}: ${error.message}`, { subject: folder });
  }
}
