/**
 * Contract domain `workspace`: what the host keeps of the user's work in its data folder, so a
 * reload, a restart or a crash costs nothing typed — the open tabs with their drafts, the history
 * of every call the app made, the recent collections — and, for browser mode, a folder browser
 * (a page cannot hand the server a path). One workspace per host: every window or page of it
 * shares the same file (the last save wins).
 */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import { grpcRequestSchema } from '../collections/request';
import type { RpcKind } from './connection';

/**
 * A tab's request as edited: the saved-request shape (so Save is a write), except that a draft may
 * not have a name or a method yet.
 */
export const requestDraftSchema = lazySchema(() => grpcRequestSchema.extend({ name: z.string(), method: z.string() }));
export type RequestDraft = z.infer<typeof requestDraftSchema>;

/** Where a tab's request is saved, and the request as last read from or written to that file. */
export const tabOriginSchema = lazySchema(() =>
  z.object({
    /** The collection folder (absolute, as the host sees it). */
    root: z.string().min(1),
    /** Collection path of the request file, e.g. `users/get-user.grpc.yaml`. */
    path: z.string().min(1),
    /** The file's request when the tab last agreed with the disk: the draft differs from it ⇔ unsaved changes. */
    saved: grpcRequestSchema,
  }),
);
export type TabOrigin = z.infer<typeof tabOriginSchema>;

export const workspaceTabSchema = lazySchema(() =>
  z.object({
    /** Chosen by the client; stable across restarts. */
    id: z.string().min(1),
    draft: requestDraftSchema,
    /** Absent for a tab never saved. */
    origin: tabOriginSchema.optional(),
    /**
     * What only the screen needs to give the tab back exactly as left (metadata rows as typed, even
     * invalid ones; the schema source form; each method's body): the renderer's own, opaque here.
     */
    view: z.record(z.string(), z.unknown()).optional(),
  }),
);
export type WorkspaceTab = z.infer<typeof workspaceTabSchema>;

/** A collection open in the sidebar, with the environment chosen for it. */
export const openCollectionStateSchema = lazySchema(() =>
  z.object({
    root: z.string().min(1),
    environment: z.string().min(1).optional(),
  }),
);

export const workspaceSchema = lazySchema(() =>
  z.object({
    version: z.literal(1),
    tabs: z.array(workspaceTabSchema),
    activeTabId: z.string().optional(),
    collections: z.array(openCollectionStateSchema).default([]),
  }),
);
export type Workspace = z.input<typeof workspaceSchema>;

/** The workspace file is bounded: a draft is typed text, not a data dump. */
export const MAX_WORKSPACE_BYTES = 32 * 1024 * 1024;

export const saveWorkspaceParamsSchema = lazySchema(() => z.object({ workspace: workspaceSchema }));

/** The stored workspace; `undefined` on first start (or when the file was unreadable: then `problem` says why). */
export interface WorkspaceLoadResult {
  workspace?: Workspace;
  /** The file existed but could not be read; it was kept aside as `backupPath`, never overwritten. */
  problem?: { message: string; backupPath?: string };
}

/** One call the app made, as the history log keeps it (secrets masked, messages bounded). */
export interface HistoryEntry {
  /** Unique in the log. */
  id: string;
  /** ISO time the call started. */
  startedAt: string;
  /** The request as sent, before `{{variables}}` were resolved; secret values masked. */
  request: RequestDraft;
  kind: RpcKind;
  /** The collection request it was sent from, when it was. */
  origin?: { root: string; path: string };
  status: { code: number; name: string; message: string };
  durationMs: number;
  messagesSent: number;
  messagesReceived: number;
  /** The first and last response messages as JSON text, each cut at HISTORY_MESSAGE_BYTES. */
  firstMessage?: string;
  lastMessage?: string;
  peer?: string;
}

/** How much of a response message the history keeps (first and last). */
export const HISTORY_MESSAGE_BYTES = 16 * 1024;

export const listHistoryParamsSchema = lazySchema(() =>
  z.object({
    /** Words that must all appear (case-insensitive) in the method, target, status or messages. */
    text: z.string().default(''),
    method: z.string().optional(),
    target: z.string().optional(),
    /** A status name (`OK`, `UNAVAILABLE`) or `failed` for every non-OK. */
    status: z.string().optional(),
    /** Newest first; at most this many. */
    limit: z.number().int().positive().max(1000).default(200),
    /** Entries older than this entry id (the next page). */
    before: z.string().optional(),
  }),
);

export interface HistoryPage {
  entries: HistoryEntry[];
  /** More entries match past the last one returned. */
  more: boolean;
}

export const historyEntryParamsSchema = lazySchema(() => z.object({ id: z.string().min(1) }));

export const listDirectoryParamsSchema = lazySchema(() =>
  z.object({
    /** Absolute path; default: the user's home folder. */
    path: z.string().optional(),
  }),
);

export interface DirectoryListing {
  /** The listed folder, absolute and normalised. */
  path: string;
  /** Its parent; absent at the file system's root. */
  parent?: string;
  home: string;
  /** Sub-folders the user can read, sorted by name (hidden ones last). */
  folders: { name: string; path: string; isCollection: boolean }[];
  /** This folder is a collection (has a workbench.yaml). */
  isCollection: boolean;
}

export interface RecentCollection {
  root: string;
  /** The collection's `name` when it was last opened. */
  name: string;
  openedAt: string;
}

/** The operations of this domain (their rows are in operations.ts). */
export type WorkspaceOperationName =
  | 'loadWorkspace'
  | 'saveWorkspace'
  | 'listHistory'
  | 'getHistoryEntry'
  | 'clearHistory'
  | 'listDirectory'
  | 'recentCollections';
