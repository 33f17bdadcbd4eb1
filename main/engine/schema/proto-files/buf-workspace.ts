/**
 * A throwaway buf workspace holding exactly the files one compile needs.
 *
 * Why one staged module instead of one buf module per import path: buf refuses a workspace in
 * which (a) the same file name exists in two modules (`-I a -I b` with a copy of x.proto in both,
 * or nested import paths `-I a -I a/b` that reach one file under two names), or (b) a module has no
 * .proto files at all; and a module per import path would compile every file under it (an import
 * path such as /usr/include or the googleapis root holds thousands of unrelated files). We resolve
 * each import with protoc's rule (first import path that has the file wins) ourselves, and stage
 * each resolved name once under `src/` as a symlink to the real file (buf follows symlinks), or a
 * copy where the OS does not allow symlinks (Windows without developer mode).
 */
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface StagedFile {
  /** The import name, e.g. `google/api/http.proto`. */
  name: string;
  absolutePath: string;
}

export const stagedSourceDir = 'src';

export class BufWorkspace {
  readonly outputFile: string;
  /** Where the files are staged by import name: the one import path a compiler needs. */
  readonly sourceDir: string;

  private constructor(readonly dir: string) {
    this.sourceDir = join(dir, stagedSourceDir);
    this.outputFile = join(dir, 'out.binpb');
  }

  static async create(): Promise<BufWorkspace> {
    const workspace = new BufWorkspace(await mkdtemp(join(tmpdir(), 'grpc-workbench-buf-')));
    await mkdir(workspace.sourceDir);
    await writeFile(join(workspace.dir, 'buf.yaml'), `version: v2\nmodules:\n  - path: ${stagedSourceDir}\n`);
    return workspace;
  }

  async stage(files: readonly StagedFile[]): Promise<void> {
    const directories = new Set(files.map((file) => dirname(join(this.sourceDir, file.name))));
    for (const directory of directories) await mkdir(directory, { recursive: true });
    await Promise.all(files.map((file) => linkOrCopy(file.absolutePath, join(this.sourceDir, file.name))));
  }

  async unstage(names: Iterable<string>): Promise<void> {
    await Promise.all([...names].map((name) => rm(join(this.sourceDir, name), { force: true })));
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

async function linkOrCopy(target: string, linkPath: string): Promise<void> {
  try {
    await symlink(target, linkPath, 'file');
  } catch {
    await copyFile(target, linkPath);
  }
}
