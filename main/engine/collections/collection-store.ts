/**
 * The collection store: a collection folder on disk as a tree in manifest order, with a problem
 * per file that cannot be read (the rest still opens), and every change written atomically
 * (write-file-atomic: temp file, fsync, rename), so a crash mid-save leaves the old or the new
 * content, never a mix. Paths are the identity: relative to the root, with `/`.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename as renamePath, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { watch as chokidarWatch } from 'chokidar';
import writeFileAtomic from 'write-file-atomic';
import type {
  CollectionChange,
  CollectionEnvironmentEntry,
  CollectionFolderNode,
  CollectionRequestNode,
  CollectionTree,
  CollectionTreeNode,
} from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import {
  COLLECTION_FILE,
  ENVIRONMENTS_FOLDER,
  FOLDER_FILE,
  REQUEST_SUFFIX,
  type FolderFile,
} from '../../../shared/collections/collection';
import { orderChildren } from '../../../shared/collections/manifest-order';
import type { GrpcRequest } from '../../../shared/collections/request';
import { formatFileProblem, type FileProblem } from './file-problem';
import { parseFile, stringifyFile, type FileKind, type FileModels } from './yaml-files';

// The tree's shape is the contract's (shared/api/collections.ts): openCollection returns it as is.
export type RequestNode = CollectionRequestNode;
export type FolderNode = CollectionFolderNode;
export type TreeNode = CollectionTreeNode;
export type EnvironmentEntry = CollectionEnvironmentEntry;
export type { CollectionChange, CollectionTree };

const ignoredEntry = (name: string) => name.startsWith('.') || name === 'node_modules';

/** The folder holding `workbench.yaml` at or above `start` (a file or folder), or undefined. */
export function findCollectionRoot(start: string): string | undefined {
  let current = resolve(start);
  for (;;) {
    if (existsSync(join(current, COLLECTION_FILE))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

export function toCollectionPath(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

export class CollectionStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private absolute(path: string): string {
    const target = resolve(this.root, ...path.split('/'));
    if (target !== this.root && !target.startsWith(this.root + sep)) {
      throw new WorkbenchError('bad_input', `${path} is outside the collection ${this.root}.`, { subject: path });
    }
    return target;
  }

  /** Reads the whole collection; never throws for a bad file (it becomes a problem). */
  async open(): Promise<CollectionTree> {
    const problems: FileProblem[] = [];
    const collectionRead = await this.readModel('collection', COLLECTION_FILE);
    if (collectionRead.problem) problems.push(collectionRead.problem);
    const children = await this.readFolderChildren('', collectionRead.model?.order, problems);
    const environments = await this.readEnvironments(problems);
    return { root: this.root, collection: collectionRead.model, problems, children, environments };
  }

  /** A file of the collection as a model, or its problem. */
  async readModel<K extends FileKind>(
    kind: K,
    path: string,
  ): Promise<{ model?: FileModels[K]; problem?: FileProblem; text?: string }> {
    let text: string;
    try {
      text = await readFile(this.absolute(path), 'utf8');
    } catch (error) {
      return { problem: { path, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` } };
    }
    const parsed = parseFile(kind, text, path);
    return parsed.ok ? { model: parsed.model, text } : { problem: parsed.problem, text };
  }

  /** A request file; throws a WorkbenchError `path:line:col: message` when it does not parse. */
  async readRequest(path: string): Promise<GrpcRequest> {
    const { model, problem } = await this.readModel('request', path);
    if (model === undefined) throw new WorkbenchError('io', formatFileProblem(problem!), { subject: path });
    return model;
  }

  /**
   * Writes a model to a file of the collection, atomically. An existing file is edited in place
   * (comments and layout kept; unchanged → same bytes); a file that does not parse is left untouched.
   */
  async writeModel<K extends FileKind>(kind: K, path: string, model: FileModels[K]): Promise<void> {
    const file = this.absolute(path);
    let previous: string | undefined;
    try {
      previous = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(path, error);
    }
    let text: string;
    try {
      text = stringifyFile(kind, model, file, previous);
    } catch (error) {
      throw new WorkbenchError('io', `${path}: not saved, the file on disk does not parse (${String(error)}).`, {
        subject: path,
        hint: 'Fix or delete the file on disk first; it was left untouched.',
      });
    }
    if (text === previous) return;
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, text, { encoding: 'utf8', fsync: true });
  }

  writeRequest(path: string, request: GrpcRequest): Promise<void> {
    if (!path.endsWith(REQUEST_SUFFIX)) {
      throw new WorkbenchError('bad_input', `A request file name ends with ${REQUEST_SUFFIX}: ${path}.`, {
        subject: path,
      });
    }
    return this.writeModel('request', path, request);
  }

  /** A new request file in a folder; refuses to overwrite. Returns its path. */
  async createRequest(folder: string, id: string, request: GrpcRequest): Promise<string> {
    const path = posix.join(folder, `${checkedName(id)}${REQUEST_SUFFIX}`);
    await this.refuseExisting(path);
    await this.writeRequest(path, request);
    return path;
  }

  /** A new folder, with a `_folder.yaml` when a model is given. Returns its path. */
  async createFolder(parent: string, id: string, folder?: FolderFile): Promise<string> {
    const path = posix.join(parent, checkedName(id));
    await this.refuseExisting(path);
    await mkdir(this.absolute(path), { recursive: true });
    if (folder !== undefined) await this.writeModel('folder', posix.join(path, FOLDER_FILE), folder);
    return path;
  }

  /** Renames a request file or folder in place; the parent's `order` entry follows. Returns the new path. */
  async rename(path: string, newId: string): Promise<string> {
    const isRequest = path.endsWith(REQUEST_SUFFIX);
    const parent = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    const target = posix.join(parent, isRequest ? `${checkedName(newId)}${REQUEST_SUFFIX}` : checkedName(newId));
    await this.refuseExisting(target);
    await renamePath(this.absolute(path), this.absolute(target));
    await this.replaceOrderEntry(parent, idOf(path), idOf(target));
    return target;
  }

  /** Moves a request file or folder into another folder; the old parent's `order` entry is dropped. */
  async move(path: string, toFolder: string): Promise<string> {
    const target = posix.join(toFolder, posix.basename(path));
    await this.refuseExisting(target);
    await mkdir(this.absolute(toFolder), { recursive: true });
    await renamePath(this.absolute(path), this.absolute(target));
    const parent = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    await this.replaceOrderEntry(parent, idOf(path), undefined);
    return target;
  }

  /** Deletes a request file (with nothing else) or a folder (with everything in it). */
  async delete(path: string): Promise<void> {
    if (path === '') throw new WorkbenchError('bad_input', 'The collection root cannot be deleted here.');
    await rm(this.absolute(path), { recursive: true });
    const parent = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    await this.replaceOrderEntry(parent, idOf(path), undefined);
  }

  /**
   * Watches the folder for changes made by git or an editor (and our own writes). The callback
   * gets collection paths; call the returned function to stop.
   */
  async watch(onChange: (change: CollectionChange) => void): Promise<() => Promise<void>> {
    const watcher = chokidarWatch(this.root, {
      ignoreInitial: true,
      ignored: (file) => basename(file).startsWith('.') || basename(file) === 'node_modules',
      awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 },
    });
    const forward = (type: CollectionChange['type'], directory: boolean) => (file: string) =>
      onChange({ type, path: toCollectionPath(this.root, file), directory });
    watcher
      .on('add', forward('added', false))
      .on('change', forward('changed', false))
      .on('unlink', forward('removed', false))
      .on('addDir', forward('added', true))
      .on('unlinkDir', forward('removed', true));
    await new Promise<void>((ready) => watcher.once('ready', () => ready()));
    return () => watcher.close();
  }

  private async refuseExisting(path: string): Promise<void> {
    if (existsSync(this.absolute(path))) {
      throw new WorkbenchError('bad_input', `${path} already exists.`, { subject: path, hint: 'Choose another name.' });
    }
  }

  /** The manifest file that orders a folder's children. */
  private manifestOf(folder: string): { kind: 'collection' | 'folder'; path: string } {
    return folder === ''
      ? { kind: 'collection', path: COLLECTION_FILE }
      : { kind: 'folder', path: posix.join(folder, FOLDER_FILE) };
  }

  private async replaceOrderEntry(folder: string, from: string, to: string | undefined): Promise<void> {
    const manifest = this.manifestOf(folder);
    if (!existsSync(this.absolute(manifest.path))) return;
    const { model } = await this.readModel(manifest.kind, manifest.path);
    if (model?.order === undefined || !model.order.includes(from)) return;
    const order = model.order.flatMap((entry) => (entry !== from ? [entry] : to === undefined ? [] : [to]));
    await this.writeModel(manifest.kind, manifest.path, { ...model, order } as FileModels[typeof manifest.kind]);
  }

  private async readFolderChildren(
    folder: string,
    order: readonly string[] | undefined,
    problems: FileProblem[],
  ): Promise<TreeNode[]> {
    const entries = await readdir(this.absolute(folder), { withFileTypes: true });
    const byId = new Map<string, () => Promise<TreeNode>>();
    for (const entry of entries) {
      if (ignoredEntry(entry.name)) continue;
      const path = posix.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (folder === '' && entry.name === ENVIRONMENTS_FOLDER) continue;
        byId.set(entry.name, () => this.readFolder(path, problems));
      } else if (entry.isFile() && entry.name.endsWith(REQUEST_SUFFIX)) {
        byId.set(idOf(path), () => this.readRequestNode(path, problems));
      }
    }
    const ordered = orderChildren([...byId.keys()], order);
    const manifest = this.manifestOf(folder).path;
    for (const unknown of ordered.unknown)
      problems.push({ path: manifest, message: `order lists "${unknown}", which is not in the folder` });
    const nodes: TreeNode[] = [];
    for (const id of ordered.names) nodes.push(await byId.get(id)!());
    return nodes;
  }

  private async readFolder(path: string, problems: FileProblem[]): Promise<FolderNode> {
    const id = posix.basename(path);
    const manifestPath = posix.join(path, FOLDER_FILE);
    const read = existsSync(this.absolute(manifestPath)) ? await this.readModel('folder', manifestPath) : {};
    if (read.problem) problems.push(read.problem);
    const children = await this.readFolderChildren(path, read.model?.order, problems);
    return {
      type: 'folder',
      path,
      id,
      name: read.model?.name ?? id,
      ...(read.model ? { folder: read.model } : {}),
      ...(read.problem ? { problem: read.problem } : {}),
      children,
    };
  }

  private async readRequestNode(path: string, problems: FileProblem[]): Promise<RequestNode> {
    const id = idOf(path);
    const { model, problem } = await this.readModel('request', path);
    if (problem) problems.push(problem);
    return {
      type: 'request',
      path,
      id,
      name: model?.name ?? id,
      ...(model ? { request: model } : {}),
      ...(problem ? { problem } : {}),
    };
  }

  private async readEnvironments(problems: FileProblem[]): Promise<EnvironmentEntry[]> {
    const folder = this.absolute(ENVIRONMENTS_FOLDER);
    if (!(await stat(folder).catch(() => undefined))?.isDirectory()) return [];
    const names = (await readdir(folder)).filter((name) => name.endsWith('.yaml') && !ignoredEntry(name)).sort();
    const entries: EnvironmentEntry[] = [];
    for (const name of names) {
      const path = posix.join(ENVIRONMENTS_FOLDER, name);
      const { model, problem } = await this.readModel('environment', path);
      if (problem) problems.push(problem);
      entries.push({
        path,
        id: name.slice(0, -'.yaml'.length),
        ...(model ? { environment: model } : {}),
        ...(problem ? { problem } : {}),
      });
    }
    return entries;
  }
}

/** The name `order` uses for a path: the file name without `.grpc.yaml`, or the folder name. */
export function idOf(path: string): string {
  const name = posix.basename(path);
  return name.endsWith(REQUEST_SUFFIX) ? name.slice(0, -REQUEST_SUFFIX.length) : name;
}

function checkedName(id: string): string {
  if (id === '' || id.includes('/') || id.includes('\\') || id.startsWith('.') || id === FOLDER_FILE) {
    throw new WorkbenchError('bad_input', `"${id}" is not a usable file or folder name.`, {
      subject: id,
      hint: 'Use a name without slashes that does not start with a dot.',
    });
  }
  return id;
}

function ioError(path: string, error: unknown): WorkbenchError {
  return new WorkbenchError('io', `${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
    subject: path,
    cause: error,
  });
}
