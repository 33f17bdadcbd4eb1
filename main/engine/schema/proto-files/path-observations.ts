/**
 * What a compile learned about the file system, as checks that `stat` alone can repeat: the
 * compile cache's manifest (compile-cache.ts). A load whose every check still holds would resolve,
 * read and compile exactly what it did before, so it may take the stored result without reading a
 * single .proto file.
 *
 * What is recorded, by who learns it:
 * - each file the import scan read: its identity, size, mtime and ctime, taken with `fstat` on the
 *   open file *before* reading it (a later write changes them);
 * - each place an import or an input was looked for and not found: it must stay absent (a file
 *   created in an earlier import path would shadow the one that was used);
 * - each import path: it must stay a directory;
 * - each directory given as input: its .proto files are listed again and every directory of it
 *   stat-ed first, so an added, removed or renamed file changes a directory's mtime.
 *
 * A file changed within `settleMs` of being looked at could change again within the same tick of a
 * coarse file-system clock without its mtime or ctime moving (git's "racily clean" case): such a
 * compile records no manifest, and the next load checks contents again. Globs record none either:
 * what a pattern would match anew is not a fixed set of paths.
 */
import type { BigIntStats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** How long after a change a file counts as settled (FAT's mtime has a 2 s resolution). */
export const settleMs = 2_000;

/**
 * A signature (`file …`, `dir …`: must be equal), or a kind the path must still have: `absent`
 * (nothing there), `not-file` (nothing, or not a regular file), `file`, `dir`.
 */
export type Expectation = string;

export interface PathCheck {
  path: string;
  expect: Expectation;
}

export function signature(info: BigIntStats): string {
  if (info.isFile()) return `file ${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
  if (info.isDirectory()) return `dir ${info.dev}:${info.ino}:${info.mtimeNs}:${info.ctimeNs}`;
  return 'other';
}

async function currentSignature(path: string): Promise<string> {
  try {
    return signature(await stat(path, { bigint: true }));
  } catch {
    return 'absent';
  }
}

function satisfies(current: string, expect: Expectation): boolean {
  switch (expect) {
    case 'absent':
      return current === 'absent';
    case 'not-file':
      return !current.startsWith('file ');
    case 'file':
      return current.startsWith('file ');
    case 'dir':
      return current.startsWith('dir ');
    default:
      return current === expect;
  }
}

/** True when every check still holds (stat only, in parallel). */
export async function checksHold(checks: readonly PathCheck[]): Promise<boolean> {
  const results = await Promise.all(
    checks.map(async (check) => satisfies(await currentSignature(check.path), check.expect)),
  );
  return results.every(Boolean);
}

export class PathObservations {
  private readonly checks = new Map<string, Expectation>();
  private readonly directoryInputs: { dir: string; protoFiles: string[] }[] = [];
  private unrecordable = false;

  /** Requires `path` (made absolute) to keep `expect`; an exact signature wins over a kind. */
  expect(path: string, expect: Expectation): void {
    const absolute = resolve(path);
    const known = this.checks.get(absolute);
    if (known === undefined || !(known.startsWith('file ') || known.startsWith('dir '))) {
      this.checks.set(absolute, expect);
    }
  }

  /** A file or directory as stat-ed just before it was read or listed. */
  observed(path: string, info: BigIntStats): void {
    if (Date.now() - Number(info.ctimeNs / 1_000_000n) < settleMs) this.unrecordable = true;
    this.expect(path, signature(info));
  }

  /** `protoFiles` (relative to `dir`, as the listing gave them) were what a directory input held. */
  directoryListed(dir: string, protoFiles: readonly string[]): void {
    this.directoryInputs.push({ dir: resolve(dir), protoFiles: [...protoFiles].sort() });
  }

  /** Something the checks cannot capture (a glob) decided this compile. */
  notRecordable(): void {
    this.unrecordable = true;
  }

  /**
   * The checks, or undefined when this compile cannot be vouched for by `stat` alone. Directory
   * inputs are settled here: every directory under each is stat-ed, then its .proto files listed
   * again; a listing that differs from the one compiled means it changed meanwhile.
   */
  async settle(): Promise<PathCheck[] | undefined> {
    if (this.unrecordable) return undefined;
    const { glob } = await import('tinyglobby');
    for (const { dir, protoFiles } of this.directoryInputs) {
      const subdirectories = await glob('**', { cwd: dir, onlyDirectories: true });
      const directories = [dir, ...subdirectories.map((relative) => join(dir, relative))];
      const infos = await Promise.all(directories.map((path) => stat(path, { bigint: true })));
      const listedAgain = (await glob('**/*.proto', { cwd: dir, onlyFiles: true })).sort();
      if (listedAgain.join('\n') !== protoFiles.join('\n')) return undefined;
      for (const [index, info] of infos.entries()) this.observed(directories[index]!, info);
    }
    if (this.unrecordable) return undefined;
    return [...this.checks].map(([path, expect]) => ({ path, expect }));
  }
}
