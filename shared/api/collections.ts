/**
 * Contract domain `collections`: saved requests as files (docs/collections.md) — open a collection
 * as a tree, read and change its files, the user's secrets for it (values go in, never out), runs
 * with live progress and their JUnit, grpcurl in and out, and change events from a watch of the
 * folder (git, an editor). Paths inside a collection are collection paths (`users/get-user.grpc.yaml`,
 * `/`-separated, relative to `root`); `root` is the collection folder as the host sees it.
 */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import { collectionFileSchema, environmentFileSchema, folderFileSchema } from '../collections/collection';
import type { CollectionFile, EnvironmentFile, FolderFile } from '../collections/collection';
import { grpcRequestSchema, type GrpcRequest } from '../collections/request';
import type { RequestResult, RunReport } from '../collections/run-report';
import { clientIdSchema } from './connection';
import type { WorkbenchErrorData } from './errors';

/** A file that cannot be read, reported as `path:line:col: message`; the rest of the collection still opens. */
export interface CollectionFileProblem {
  /** Collection path of the file (or as given for a file outside any collection). */
  path: string;
  /** 1-based, when the problem has a place in the file. */
  line?: number;
  col?: number;
  message: string;
}

export interface CollectionRequestNode {
  type: 'request';
  /** e.g. `users/get-user.grpc.yaml`: the identity of the request. */
  path: string;
  /** The file name without `.grpc.yaml`: what `order` lists. */
  id: string;
  /** The request's `name`, or the id when the file does not parse. */
  name: string;
  request?: GrpcRequest;
  problem?: CollectionFileProblem;
}

export interface CollectionFolderNode {
  type: 'folder';
  /** e.g. `users`. */
  path: string;
  id: string;
  name: string;
  folder?: FolderFile;
  problem?: CollectionFileProblem;
  children: CollectionTreeNode[];
}

export type CollectionTreeNode = CollectionRequestNode | CollectionFolderNode;

export interface CollectionEnvironmentEntry {
  /** e.g. `environments/dev.yaml`. */
  path: string;
  /** The file name without `.yaml`: what `--env` and `startRun`'s `env` name. */
  id: string;
  environment?: EnvironmentFile;
  problem?: CollectionFileProblem;
}

/** A collection folder in manifest order, with every file that could not be read as a problem. */
export interface CollectionTree {
  /** Absolute path of the collection folder. */
  root: string;
  collection?: CollectionFile;
  /** Every file that could not be read, and `order` entries that name nothing. */
  problems: CollectionFileProblem[];
  /** The root folder's children in manifest order. */
  children: CollectionTreeNode[];
  environments: CollectionEnvironmentEntry[];
}

/** A change on disk under a watched collection (made by git, an editor, or our own writes). */
export interface CollectionChange {
  type: 'added' | 'changed' | 'removed';
  path: string;
  directory: boolean;
}

const rootSchema = lazySchema(() => z.string().min(1));
/** A collection path; `` is the collection folder itself. */
const entryPathSchema = lazySchema(() => z.string());

/** The model of one file of a collection, told apart by its `kind`. */
export const collectionEntryModelSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [grpcRequestSchema, folderFileSchema, collectionFileSchema, environmentFileSchema]),
);
export type CollectionEntryModel = z.infer<typeof collectionEntryModelSchema>;

export const openCollectionParamsSchema = lazySchema(() =>
  z.object({
    /** The collection folder, or any folder or file inside it (its `workbench.yaml` is looked up). */
    path: z.string().min(1),
  }),
);

export const collectionEntryParamsSchema = lazySchema(() => z.object({ root: rootSchema, path: entryPathSchema }));

export interface CollectionEntry {
  path: string;
  /** The file's text as on disk (for a diff, or a text editor). */
  text: string;
  /** Absent when the file does not parse: then `problem` says why. */
  model?: CollectionEntryModel;
  problem?: CollectionFileProblem;
}

export const writeCollectionEntryParamsSchema = lazySchema(() =>
  z.object({
    root: rootSchema,
    /** `workbench.yaml`, `…/_folder.yaml`, `environments/NAME.yaml` or `….grpc.yaml`, matching the model's kind. */
    path: z.string().min(1),
    model: collectionEntryModelSchema,
  }),
);

export const createCollectionEntryParamsSchema = lazySchema(() =>
  z.object({
    root: rootSchema,
    /** The folder to create it in (`` for the top). */
    folder: entryPathSchema.default(''),
    /** The file name without `.grpc.yaml`, or the folder name. */
    name: z.string().min(1),
    entry: z.discriminatedUnion('type', [
      z.object({ type: z.literal('request'), request: grpcRequestSchema }),
      z.object({ type: z.literal('folder'), folder: folderFileSchema.optional() }),
    ]),
  }),
);

export const renameCollectionEntryParamsSchema = lazySchema(() =>
  z.object({
    root: rootSchema,
    path: z.string().min(1),
    /** The new file name without `.grpc.yaml`, or folder name; the parent's `order` follows. */
    newName: z.string().min(1),
  }),
);

export const moveCollectionEntryParamsSchema = lazySchema(() =>
  z.object({
    root: rootSchema,
    path: z.string().min(1),
    toFolder: entryPathSchema,
  }),
);

/** The new collection path of a created, renamed or moved entry. */
export interface CollectionEntryPath {
  path: string;
}

export const watchCollectionParamsSchema = lazySchema(() => z.object({ watchId: clientIdSchema, root: rootSchema }));
export const unwatchCollectionParamsSchema = lazySchema(() => z.object({ watchId: z.string().min(1) }));

const secretNameSchema = lazySchema(() =>
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a secret name is letters, digits and _'),
);

/** Which secrets a collection names (its environments' `secrets` and every `{{secret.x}}`) and where each would come from. */
export const secretStatusParamsSchema = lazySchema(() => z.object({ root: rootSchema }));

export interface SecretStatus {
  name: string;
  /** Where a run would take it from now; `missing` when nowhere (values are never returned). */
  source: 'environment-variable' | 'store' | 'missing';
  /** The environment variable that would carry it (`WORKBENCH_SECRET_…`). */
  environmentVariable: string;
}

export const setSecretParamsSchema = lazySchema(() =>
  z.object({ root: rootSchema, name: secretNameSchema, value: z.string() }),
);
export const deleteSecretParamsSchema = lazySchema(() => z.object({ root: rootSchema, name: secretNameSchema }));

export const startRunParamsSchema = lazySchema(() =>
  z.object({
    /** Chosen by the client; every event of the run carries it. Subscribe to it first. */
    runId: clientIdSchema,
    /** Collection folders, sub-folders or request files, all of one collection. */
    paths: z.array(z.string().min(1)).min(1),
    /** Where relative paths start (default: the host's working folder). */
    cwd: z.string().optional(),
    /** An environment of the collection (`environments/NAME.yaml` without `.yaml`). */
    env: z.string().min(1).optional(),
    envVars: z.record(z.string(), z.string()).default({}),
    /** Secret values for this run only: never stored, masked in every report. */
    secrets: z.record(secretNameSchema, z.string()).default({}),
    tags: z.array(z.string().min(1)).default([]),
    bail: z.boolean().default(false),
  }),
);

export const runIdParamsSchema = lazySchema(() => z.object({ runId: z.string().min(1) }));

/** A finished run's JUnit XML (every secret value masked). */
export interface RunJunitExport {
  xml: string;
  /** A file name to suggest, e.g. `Users API.junit.xml`. */
  fileName: string;
}

export const exportGrpcurlParamsSchema = lazySchema(() =>
  z.object({
    /** A request file (in a collection: its defaults and `env` apply). */
    file: z.string().min(1),
    env: z.string().min(1).optional(),
    envVars: z.record(z.string(), z.string()).default({}),
    /** Where the command will run: file paths in it are relative to this. */
    cwd: z.string().optional(),
  }),
);

export interface GrpcurlCommand {
  /** The POSIX-shell command; secrets as `"$WORKBENCH_SECRET_NAME"`, never their values. */
  command: string;
}

export const importGrpcurlParamsSchema = lazySchema(() =>
  z.object({
    /** One command line (with `\` continuations and a here-document), or its words. */
    command: z.union([z.string().min(1), z.array(z.string())]),
    name: z.string().min(1).optional(),
    /** Secret names as the collection spells them (`$WORKBENCH_SECRET_APIKEY` → `{{secret.apiKey}}`). */
    secretNames: z.array(z.string()).default([]),
    /** Write the request file here (refusing to overwrite an existing file). */
    out: z.string().min(1).optional(),
  }),
);

export interface GrpcurlImportResult {
  request: GrpcRequest;
  /** The canonical text of the request file. */
  text: string;
  /** Where it was written, when `out` was given. */
  path?: string;
}

export type CollectionEvent =
  /** After each request of a run: its result (masked); `done` of `total` requests. */
  | { type: 'run-progress'; runId: string; result: RequestResult; done: number; total: number }
  /** Exactly one per started run: the whole report (masked), or `error` when the run broke. */
  | { type: 'run-end'; runId: string; report: RunReport; error?: WorkbenchErrorData }
  | { type: 'collection-changed'; watchId: string; changes: CollectionChange[] };

/** The operations of this domain (their rows are in operations.ts): what an implementation or a fake provides. */
export type CollectionOperationName =
  | 'openCollection'
  | 'readCollectionEntry'
  | 'writeCollectionEntry'
  | 'createCollectionEntry'
  | 'renameCollectionEntry'
  | 'moveCollectionEntry'
  | 'deleteCollectionEntry'
  | 'watchCollection'
  | 'unwatchCollection'
  | 'secretStatus'
  | 'setSecret'
  | 'deleteSecret'
  | 'startRun'
  | 'cancelRun'
  | 'exportRunJunit'
  | 'exportGrpcurl'
  | 'importGrpcurl';
