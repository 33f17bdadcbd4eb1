/**
 * The pure part of editing a collection tree (docs/collections.md): file ids from display names,
 * the manifest that orders a folder, `order` lists after a reorder or an undone delete, and what a
 * deleted entry needs to be recreated exactly.
 */
import type { CollectionFileProblem, CollectionTree, CollectionTreeNode } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import {
  COLLECTION_FILE,
  FOLDER_FILE,
  type CollectionFile,
  type FolderFile,
} from '../../../shared/collections/collection';
import type { GrpcRequest } from '../../../shared/collections/request';

/** "Get a user" → `get-a-user`: the file name a request gets from its display name. */
export function fileIdFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'request' : slug;
}

/** `base`, else `base-2`, `base-3`, …: the first id no sibling has. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The folder holding a collection path (`` for the top). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function findNode(nodes: readonly CollectionTreeNode[], path: string): CollectionTreeNode | undefined {
  for (const node of nodes) {
    if (node.path === path) return node;
    if (node.type === 'folder' && path.startsWith(`${node.path}/`)) return findNode(node.children, path);
  }
  return undefined;
}

/** The children of a folder of the tree, in manifest order. */
export function childrenOf(tree: CollectionTree, folder: string): readonly CollectionTreeNode[] {
  if (folder === '') return tree.children;
  const node = findNode(tree.children, folder);
  return node?.type === 'folder' ? node.children : [];
}

/** Every folder of the tree, depth first (where "Move to…" may put an entry). */
export function folderPaths(nodes: readonly CollectionTreeNode[]): string[] {
  return nodes.flatMap((node) => (node.type === 'folder' ? [node.path, ...folderPaths(node.children)] : []));
}

export interface FolderManifest {
  /** `workbench.yaml` or `<folder>/_folder.yaml`. */
  path: string;
  model: CollectionFile | FolderFile;
}

/** The file that orders a folder's children, with its model as parsed (a folder without one gets a new one). */
export function manifestOf(tree: CollectionTree, folder: string): FolderManifest {
  if (folder === '') {
    if (tree.collection === undefined) throw unparsedManifest(COLLECTION_FILE, tree.problems);
    return { path: COLLECTION_FILE, model: tree.collection };
  }
  const path = `${folder}/${FOLDER_FILE}`;
  const node = findNode(tree.children, folder);
  if (node?.type !== 'folder') throw new WorkbenchError('not_found', `There is no folder ${folder} in the collection.`);
  if (node.problem !== undefined) throw unparsedManifest(path, [node.problem]);
  return { path, model: node.folder ?? { kind: 'folder' } };
}

function unparsedManifest(path: string, problems: readonly CollectionFileProblem[]): WorkbenchError {
  const problem = problems.find((candidate) => candidate.path === path);
  return new WorkbenchError('io', `${path} does not parse, so the order of its folder cannot be written.`, {
    subject: path,
    hint: problem ? `Fix it first: ${formatProblem(problem)}` : 'Fix the file first.',
  });
}

/** `path:line:col: message`, as the CLI prints it. */
export function formatProblem(problem: CollectionFileProblem): string {
  const place = [problem.path, problem.line, problem.col].filter((part) => part !== undefined).join(':');
  return `${place}: ${problem.message}`;
}

/** The ids in a new order: `id` taken out and put at `toIndex` (of the list without it). */
export function moveInOrder(ids: readonly string[], id: string, toIndex: number): string[] {
  const rest = ids.filter((candidate) => candidate !== id);
  const at = Math.max(0, Math.min(toIndex, rest.length));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/**
 * `order` with `id` back where it was in `previous` (which listed it): before the first entry that
 * followed it then and is still listed, else at the end.
 */
export function restoreInOrder(
  current: readonly string[] | undefined,
  id: string,
  previous: readonly string[],
): string[] {
  const list = (current ?? []).filter((entry) => entry !== id);
  const follower = previous.slice(previous.indexOf(id) + 1).find((entry) => list.includes(entry));
  const index = follower === undefined ? list.length : list.indexOf(follower);
  return [...list.slice(0, index), id, ...list.slice(index)];
}

/** What recreates a deleted entry: its models, children first-to-last as in manifest order. */
export type EntrySnapshot =
  | { type: 'request'; id: string; request: GrpcRequest }
  | { type: 'folder'; id: string; folder?: FolderFile; children: EntrySnapshot[] };

/**
 * The snapshot of an entry, or why it cannot be recreated: a file that does not parse (its text is
 * not a model), or a stream file beside a request (the operations see only collection files).
 */
export function snapshotOf(node: CollectionTreeNode): { snapshot: EntrySnapshot } | { unrestorable: string } {
  if (node.problem !== undefined) return { unrestorable: `${node.path} does not parse` };
  if (node.type === 'request') {
    if (node.request === undefined) return { unrestorable: `${node.path} has no model` };
    if (node.request.messages?.some((step) => 'file' in step))
      return { unrestorable: `${node.path} reads a stream file` };
    return { snapshot: { type: 'request', id: node.id, request: node.request } };
  }
  const children: EntrySnapshot[] = [];
  for (const child of node.children) {
    const taken = snapshotOf(child);
    if ('unrestorable' in taken) return taken;
    children.push(taken.snapshot);
  }
  return { snapshot: { type: 'folder', id: node.id, ...(node.folder ? { folder: node.folder } : {}), children } };
}

/** The number of requests a snapshot recreates (for the toast). */
export function countRequests(snapshot: EntrySnapshot): number {
  return snapshot.type === 'request' ? 1 : snapshot.children.reduce((sum, child) => sum + countRequests(child), 0);
}

/** A manifest model with a new `order` (the model's other fields as parsed). */
export function withOrder<M extends CollectionFile | FolderFile>(model: M, order: string[]): M {
  return { ...model, order };
}
