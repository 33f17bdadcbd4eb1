/**
 * The open requests, each in a tab with its own connection, schema, editor and call
 * (tab-state.ts says which fields; the top-level ones are the active tab's, the others wait in
 * `backgroundTabs`). Here too: Save / Save as into a collection, following each tab's file on disk
 * (a tab without unsaved changes takes the new version; one with them is shown both sides), and
 * keeping the whole workspace in the host as the user types so a reload or a crash loses nothing.
 */
import type {
  CollectionEntry,
  RequestDraft,
  StartState,
  TabOrigin,
  Workspace,
  WorkbenchErrorData,
  WorkbenchEvent,
} from '../../../shared/api';
import { grpcRequestSchema, type GrpcRequest } from '../../../shared/collections/request';
import { findVariables } from '../../../shared/collections/variables';
import { resolveActiveDraft } from '../environments/environments-slice';
import { emptyDraft } from '../request/request-draft';
import { keptDescriptionKey } from '../services/services-slice';
import type { WorkbenchState } from '../store/create-store';
import type { SliceContext } from '../store/slice';
import type { Checked } from '../ui/checked';
import { toErrorInfo } from '../ui/error-info';
import { blankTabState, captureTabState, sameRequest, type TabState } from './tab-state';
import { readTabView, toWorkspaceTab } from './workspace-file';

/** The tab's file changed on disk while the tab had unsaved changes, could not be read, or went away. */
export type DiskChange =
  | { kind: 'changed'; request: GrpcRequest; text: string }
  | { kind: 'unreadable'; text: string; problem: string }
  | { kind: 'removed'; path: string };

export interface TabSummary {
  id: string;
  title: string;
  /** The draft differs from what its file holds (or, never saved, it has been edited). */
  dirty: boolean;
  origin?: TabOrigin;
  /** Shown as a banner in the tab until the user chooses. */
  diskChange?: DiskChange;
  /** The last Save or Save as failed: what the host said. */
  saveError?: WorkbenchErrorData;
}

/** Where Save as puts the request: a folder of an open collection and a file name (without `.grpc.yaml`). */
export interface SavePlace {
  root: string;
  folder: string;
  name: string;
}

export interface TabsSlice {
  tabs: TabSummary[];
  activeTabId: string;
  /** The state of every tab but the active one (whose state is the top-level fields). */
  backgroundTabs: Readonly<Record<string, TabState>>;
  /** A tab with unsaved changes the user asked to close: the question is on screen. */
  closingTabId?: string;
  /** The Save as dialog is open for the active tab. */
  saveAsOpen: boolean;
  /** Said once about the kept workspace: it could not be read (kept aside) or not be saved. */
  workspaceNotice?: string;
  /** Opens the request in a tab and makes it active (the tab of the same file when one is open); returns its id. */
  openRequestTab(draft: RequestDraft, options?: { origin?: TabOrigin }): string;
  /** An empty request in a new tab; returns its id. */
  newTab(): string;
  /**
   * A file or folder of a collection was renamed or moved by the app (`from` → `to`, collection
   * paths): the tabs of the files in it follow, so they are not taken for deleted on disk.
   */
  retargetTabs(root: string, from: string, to: string): void;
  /** Closes at once (the question about unsaved changes is askCloseTab's); the last tab leaves an empty one. */
  closeTab(id: string): void;
  /** Closes the tab, or first asks when it has unsaved changes (`closingTabId`). */
  askCloseTab(id: string): void;
  cancelCloseTab(): void;
  /** Saves a tab that has a file (showing it), then closes it; a failed save keeps it open with the error. */
  saveAndCloseTab(id: string): Promise<void>;
  activateTab(id: string): void;
  /** The next (+1) or previous (−1) tab, wrapping around. */
  cycleTab(step: 1 | -1): void;
  /** Writes the active tab's draft to its file; a never-saved tab opens Save as. */
  saveActiveTab(): Promise<void>;
  saveActiveTabAs(place: SavePlace): Promise<void>;
  openSaveAs(): void;
  closeSaveAs(): void;
  /** The file changed on disk: keep the draft (the next Save overwrites the file). */
  keepMine(id: string): void;
  /** The file changed on disk: the tab takes the file's version. */
  takeTheirs(id: string): void;
  dismissWorkspaceNotice(): void;
  /** A tab's state, active or not. */
  tabStateOf(id: string): TabState | undefined;
  /** Changes one tab's state (the top-level fields when it is active); `undefined` changes nothing. */
  updateTab(id: string, change: (tab: TabState) => Partial<TabState> | undefined): void;
  /** The same for every tab, in one store update. */
  updateEveryTab(change: (tab: TabState) => Partial<TabState> | undefined): void;
  /** Puts back the workspace the host kept (called once when the store starts with keepWorkspace). */
  restoreWorkspace(): Promise<void>;
  /**
   * Settles once the kept tabs are back (at once without keepWorkspace): a default that fills the
   * first tab (the lab's target) waits for it, or it would connect a tab the restore then replaces.
   */
  whenWorkspaceRestored(): Promise<void>;
  /** Saves the workspace now if a change waits for its debounce (the page is being hidden or closed). */
  flushWorkspace(): Promise<void>;
}

export interface TabsSliceOptions {
  initialTarget?: string;
  /** Restore the workspace from the host at start and save every change to it (the app; tests opt in). */
  keepWorkspace?: boolean;
  /**
   * What the host wrote into the page: with its workspace, the restore takes it instead of asking
   * `loadWorkspace`, in the store's first microtask, so the first render already shows the kept tabs.
   */
  startState?: StartState;
  /** How long typing settles before the workspace is saved (default 300 ms). */
  workspaceSaveDelayMs?: number;
}

const untitled = 'Untitled request';

/** What a tab never saved counts as an edit: anything but the connection fields a default (the lab) fills in. */
const editedPart = ({ target: _target, tls: _tls, authority: _authority, ...rest }: GrpcRequest) => rest;

/** The request's name; an untitled one is called after its file, else its method. */
function titleOf(draft: GrpcRequest, origin: TabOrigin | undefined): string {
  const name = draft.name.trim();
  if (name !== '' && name !== untitled) return name;
  const file = origin?.path
    .split('/')
    .pop()
    ?.replace(/\.grpc\.yaml$/, '');
  return file ?? (draft.method.split('/').pop() || untitled);
}

/** The draft as a request file, or what it lacks, named. */
function savable(draft: GrpcRequest): Checked<GrpcRequest> {
  const missing = [draft.name.trim() === '' && 'a name', draft.method === '' && 'a method'].filter(Boolean);
  if (missing.length > 0) {
    return {
      ok: false,
      error: {
        kind: 'bad_input',
        message: `This request cannot be saved without ${missing.join(' and ')}.`,
        hint: draft.method === '' ? 'Pick a method in the service tree, then save.' : 'Give the request a name.',
        subject: draft.method === '' ? 'Method' : 'Name',
      },
    };
  }
  const parsed = grpcRequestSchema.safeParse(draft);
  if (parsed.success) return { ok: true, value: parsed.data };
  const [issue] = parsed.error.issues;
  return {
    ok: false,
    error: {
      kind: 'bad_input',
      message: `The request cannot be saved: ${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}.`,
      subject: issue?.path.join('.'),
    },
  };
}

export function createTabsSlice(
  { set, get, subscribe, client, newId, onDispose }: SliceContext,
  options: TabsSliceOptions = {},
): TabsSlice {
  const firstTab = newId('tab');
  /** A never-saved tab's draft as opened (absent: it counts as edited, e.g. its file was deleted). */
  const pristine = new Map<string, RequestDraft>();
  /** Restored tabs that were connected: they connect when first shown. */
  const connectWhenShown = new Set<string>();
  pristine.set(firstTab, emptyDraft(options.initialTarget));

  const summaryOf = (id: string): TabSummary | undefined => get().tabs.find((tab) => tab.id === id);
  const isDirty = (id: string, draft: GrpcRequest, origin: TabOrigin | undefined): boolean => {
    if (origin) return !sameRequest(draft, origin.saved);
    const opened = pristine.get(id);
    return opened === undefined || !sameRequest(editedPart(draft), editedPart(opened));
  };
  /** Changes a tab's summary; its title and dirty dot follow its draft and origin. */
  const updateSummary = (id: string, patch: Partial<Omit<TabSummary, 'id' | 'title' | 'dirty'>> = {}): void => {
    const draft = get().tabStateOf(id)?.draft;
    const { tabs } = get();
    const index = tabs.findIndex((tab) => tab.id === id);
    const tab = tabs[index];
    if (!draft || !tab) return;
    const next = { ...tab, ...patch };
    for (const key of Object.keys(patch) as (keyof typeof patch)[]) if (patch[key] === undefined) delete next[key];
    const title = titleOf(draft, next.origin);
    const dirty = isDirty(id, draft, next.origin);
    // Typing that changes neither title nor dot leaves the tab bar alone.
    if (title === tab.title && dirty === tab.dirty && Object.keys(patch).length === 0) return;
    set({ tabs: tabs.map((other) => (other === tab ? { ...next, title, dirty } : other)) });
  };
  const newSummary = (id: string, draft: GrpcRequest, origin: TabOrigin | undefined): TabSummary => ({
    id,
    title: titleOf(draft, origin),
    dirty: isDirty(id, draft, origin),
    ...(origin ? { origin } : {}),
  });
  /** A tab id no open tab has (restored tabs keep the ids of an earlier run). */
  const freshTabId = (): string => {
    let id = newId('tab');
    while (get().tabs.some((tab) => tab.id === id)) id = newId('tab');
    return id;
  };
  const defaultTarget = (): string => options.initialTarget ?? get().hostInfo?.lab?.proxyTarget ?? '';

  /** After the shown tab changed: the badge follows its channel; a restored connected tab reconnects. */
  const shown = (id: string): void => {
    get().showChannelOf(get().connection);
    if (connectWhenShown.delete(id)) void get().connect();
  };

  /** Adds a tab holding `draft` after the others and shows it (the shown one goes to the background). */
  const addTab = (draft: GrpcRequest, origin: TabOrigin | undefined): string => {
    const id = freshTabId();
    if (!origin) pristine.set(id, draft);
    const state = get();
    set({
      ...blankTabState(draft, state.buildRequestUi(draft)),
      activeTabId: id,
      backgroundTabs: { ...state.backgroundTabs, [state.activeTabId]: captureTabState(state) },
      tabs: [...state.tabs, newSummary(id, draft, origin)],
    });
    shown(id);
    syncWatches();
    return id;
  };

  // ---- following the tabs' files on disk ------------------------------------------------------

  /** Collection root → our watch of it, held while a tab's file is in it. */
  const watches = new Map<string, string>();
  const reads = new Map<string, number>();

  const unwatch = (watchId: string): void => void client.unwatchCollection({ watchId }).catch(() => undefined);
  const syncWatches = (): void => {
    const roots = new Set(get().tabs.flatMap((tab) => (tab.origin ? [tab.origin.root] : [])));
    for (const root of roots) {
      if (watches.has(root)) continue;
      const watchId = newId('watch');
      watches.set(root, watchId);
      client.watchCollection({ watchId, root }).then(
        () => watches.get(root) !== watchId && unwatch(watchId),
        () => watches.get(root) === watchId && watches.delete(root),
      );
    }
    for (const [root, watchId] of watches) {
      if (roots.has(root)) continue;
      watches.delete(root);
      unwatch(watchId);
    }
  };
  onDispose(() => {
    for (const watchId of watches.values()) unwatch(watchId);
    watches.clear();
  });

  /** The tab shows the file's version: draft and origin agree with the disk again. */
  const takeVersion = (id: string, request: GrpcRequest): void => {
    const origin = summaryOf(id)?.origin;
    if (!origin) return;
    get().updateTab(id, () => ({ draft: request, requestUi: get().buildRequestUi(request) }));
    updateSummary(id, { origin: { ...origin, saved: request }, diskChange: undefined });
  };

  const fileGone = (id: string, origin: TabOrigin): void => {
    // The draft stays; with no file behind it the tab counts as unsaved.
    pristine.delete(id);
    updateSummary(id, { origin: undefined, diskChange: { kind: 'removed', path: origin.path } });
    syncWatches();
  };

  const settle = (id: string, origin: TabOrigin, entry: CollectionEntry): void => {
    const model = entry.model;
    if (model?.kind !== 'grpc-request') {
      const problem = entry.problem
        ? `${entry.problem.line ? `line ${entry.problem.line}: ` : ''}${entry.problem.message}`
        : 'It is no longer a request file.';
      updateSummary(id, { diskChange: { kind: 'unreadable', text: entry.text, problem } });
      return;
    }
    const draft = get().tabStateOf(id)?.draft;
    if (!draft || sameRequest(model, origin.saved)) {
      // Our own write, or a touch that changed nothing: a banner about an earlier change stays.
      if (summaryOf(id)?.diskChange?.kind === 'unreadable') updateSummary(id, { diskChange: undefined });
      return;
    }
    if (sameRequest(model, draft)) updateSummary(id, { origin: { ...origin, saved: model }, diskChange: undefined });
    else if (!isDirty(id, draft, origin)) takeVersion(id, model);
    else updateSummary(id, { diskChange: { kind: 'changed', request: model, text: entry.text } });
  };

  /** Reads the tab's file again and settles the tab with it (the last read asked wins). */
  const checkDisk = async (id: string): Promise<void> => {
    const origin = summaryOf(id)?.origin;
    if (!origin) return;
    const mine = (reads.get(id) ?? 0) + 1;
    reads.set(id, mine);
    const stillMine = (): TabOrigin | undefined => {
      const now = summaryOf(id)?.origin;
      return reads.get(id) === mine && now?.root === origin.root && now.path === origin.path ? now : undefined;
    };
    try {
      const entry = await client.readCollectionEntry({ root: origin.root, path: origin.path });
      const current = stillMine();
      if (current) settle(id, current, entry);
    } catch {
      const current = stillMine();
      if (current) fileGone(id, current);
    }
  };

  const onCollectionChanged = (event: WorkbenchEvent): void => {
    if (event.type !== 'collection-changed') return;
    const root = [...watches].find(([, watchId]) => watchId === event.watchId)?.[0];
    if (root === undefined) return;
    for (const { id, origin } of get().tabs) {
      if (origin?.root !== root) continue;
      const touched = event.changes.some(
        (change) => change.path === origin.path || (change.directory && origin.path.startsWith(`${change.path}/`)),
      );
      if (touched) void checkDisk(id);
    }
  };
  onDispose(client.onEvent(onCollectionChanged));

  // ---- the workspace kept by the host ---------------------------------------------------------

  let restored = false;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the oldest unsaved change happened: a stream of changes (a call in a background tab) cannot put the save off for ever. */
  let pendingSince = 0;
  const saveDelay = options.workspaceSaveDelayMs ?? 300;
  const longestDelay = saveDelay * 5;
  let lastSaved = '';

  const currentWorkspace = (): Workspace => {
    const state = get();
    return {
      version: 1,
      tabs: state.tabs.flatMap((summary) => {
        const tab = state.tabStateOf(summary.id);
        return tab ? [toWorkspaceTab(summary, tab, pristine.get(summary.id))] : [];
      }),
      activeTabId: state.activeTabId,
      collections: state.openCollections.map(({ root, environment }) => ({
        root,
        ...(environment === undefined ? {} : { environment }),
      })),
    };
  };

  const saveNow = async (): Promise<void> => {
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    saveTimer = undefined;
    const workspace = currentWorkspace();
    const text = JSON.stringify(workspace);
    if (text === lastSaved) return;
    lastSaved = text;
    try {
      await client.saveWorkspace({ workspace });
      if (get().workspaceNotice?.startsWith('Your drafts')) set({ workspaceNotice: undefined });
    } catch (error) {
      lastSaved = '';
      set({ workspaceNotice: `Your drafts could not be kept: ${toErrorInfo(error).message}` });
    }
  };

  const persistedKeys = [
    'tabs',
    'activeTabId',
    'backgroundTabs',
    'draft',
    'requestUi',
    'schemaSourceForm',
    'schema',
    'description',
    'openCollections',
  ] as const satisfies readonly (keyof WorkbenchState)[];

  onDispose(
    subscribe((state, previous) => {
      // The active tab's title and dot follow its draft as the user types.
      if (state.draft !== previous.draft && state.activeTabId === previous.activeTabId)
        updateSummary(state.activeTabId);
      if (!options.keepWorkspace || !restored) return;
      if (!persistedKeys.some((key) => state[key] !== previous[key])) return;
      if (saveTimer === undefined) pendingSince = Date.now();
      else if (Date.now() - pendingSince >= longestDelay) return;
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => void saveNow(), saveDelay);
    }),
  );
  onDispose(() => {
    if (saveTimer !== undefined) clearTimeout(saveTimer);
  });

  /**
   * Puts the workspace's tabs in place of the ones open now. A tab the user already edited (the
   * host answered late) stays, after them; the others are let go (calls cancelled, badge released).
   */
  const putBack = (workspace: Workspace): void => {
    const state = get();
    const records: Record<string, TabState> = {};
    const edited = state.tabs.filter((tab) => tab.dirty && !workspace.tabs.some((kept) => kept.id === tab.id));
    for (const { id } of state.tabs) {
      const record = state.tabStateOf(id);
      if (edited.some((tab) => tab.id === id)) records[id] = record!;
      else {
        pristine.delete(id);
        if (record?.call?.phase === 'open')
          void client.cancelCall({ callId: record.call.callId }).catch(() => undefined);
      }
    }
    const summaries: TabSummary[] = [];
    for (const tab of workspace.tabs) {
      const view = readTabView(tab.view);
      if (view.pristine) pristine.set(tab.id, view.pristine);
      if (view.connected) connectWhenShown.add(tab.id);
      // A connected tab comes back with its method's description: usable at once, checked against
      // the live schema when it connects (connection-slice, services-slice).
      const kept = view.connected && view.described?.path === tab.draft.method ? view.described : undefined;
      records[tab.id] = {
        ...blankTabState(tab.draft, state.buildRequestUi(tab.draft, view.typed)),
        schemaSourceForm: view.schemaSourceForm,
        ...(kept
          ? { description: { status: 'loaded', value: kept }, describedKey: keptDescriptionKey(kept.path) }
          : {}),
      };
      summaries.push(newSummary(tab.id, tab.draft, tab.origin));
    }
    summaries.push(...edited);
    const activeTabId =
      workspace.activeTabId !== undefined && records[workspace.activeTabId] ? workspace.activeTabId : summaries[0]!.id;
    const { [activeTabId]: active, ...backgroundTabs } = records;
    set({ ...active!, activeTabId, backgroundTabs, tabs: summaries, closingTabId: undefined, saveAsOpen: false });
    shown(activeTabId);
    syncWatches();
    // A file may have changed while the app was closed.
    for (const { id } of summaries) void checkDisk(id);
  };

  // After the store is built (the slices' methods exist then).
  const restoring = options.keepWorkspace ? Promise.resolve().then(() => get().restoreWorkspace()) : Promise.resolve();

  return {
    tabs: [{ id: firstTab, title: untitled, dirty: false }],
    activeTabId: firstTab,
    backgroundTabs: {},
    saveAsOpen: false,

    openRequestTab(draft, { origin } = {}) {
      const open =
        origin && get().tabs.find((tab) => tab.origin?.root === origin.root && tab.origin.path === origin.path);
      if (open) {
        get().activateTab(open.id);
        return open.id;
      }
      const id = addTab(draft, origin);
      // A request whose target is known connects at once: its own, or its collection's default with
      // the chosen environment's variables; one with a variable nothing resolves waits for the user.
      const resolved = resolveActiveDraft(get(), 'connection');
      const target = resolved.ok ? (resolved.value.draft.target?.trim() ?? '') : '';
      if (target !== '' && findVariables(target).length === 0) void get().connect();
      return id;
    },

    retargetTabs(root, from, to) {
      const moved = (path: string): string | undefined =>
        path === from ? to : path.startsWith(`${from}/`) ? `${to}${path.slice(from.length)}` : undefined;
      let changed = false;
      const tabs = get().tabs.map((tab) => {
        const path = tab.origin?.root === root ? moved(tab.origin.path) : undefined;
        if (tab.origin === undefined || path === undefined) return tab;
        changed = true;
        return { ...tab, origin: { ...tab.origin, path } };
      });
      if (changed) set({ tabs });
    },

    newTab() {
      return addTab(emptyDraft(defaultTarget()), undefined);
    },

    closeTab(id) {
      const state = get();
      const index = state.tabs.findIndex((tab) => tab.id === id);
      if (index < 0) return;
      const call = state.tabStateOf(id)?.call;
      if (call?.phase === 'open' && !(id === state.activeTabId && state.starting))
        void client.cancelCall({ callId: call.callId }).catch(() => undefined);
      pristine.delete(id);
      connectWhenShown.delete(id);
      const tabs = state.tabs.filter((tab) => tab.id !== id);
      const { [id]: _closed, ...backgroundTabs } = state.backgroundTabs;
      const closing = state.closingTabId === id ? { closingTabId: undefined } : {};
      if (id !== state.activeTabId) {
        set({ tabs, backgroundTabs, ...closing });
      } else if (tabs.length === 0) {
        const draft = emptyDraft(defaultTarget());
        const next = freshTabId();
        pristine.set(next, draft);
        set({
          ...blankTabState(draft, state.buildRequestUi(draft)),
          activeTabId: next,
          backgroundTabs,
          tabs: [newSummary(next, draft, undefined)],
          saveAsOpen: false,
          ...closing,
        });
        shown(next);
      } else {
        const neighbour = tabs[Math.min(index, tabs.length - 1)]!.id;
        const { [neighbour]: record, ...others } = backgroundTabs;
        set({ ...record!, activeTabId: neighbour, backgroundTabs: others, tabs, saveAsOpen: false, ...closing });
        shown(neighbour);
      }
      syncWatches();
    },

    askCloseTab(id) {
      if (summaryOf(id)?.dirty) set({ closingTabId: id });
      else get().closeTab(id);
    },

    cancelCloseTab() {
      set({ closingTabId: undefined });
    },

    async saveAndCloseTab(id) {
      if (!summaryOf(id)?.origin) return;
      get().activateTab(id);
      await get().saveActiveTab();
      const after = summaryOf(id);
      if (after && !after.dirty && after.saveError === undefined) get().closeTab(id);
    },

    activateTab(id) {
      const state = get();
      const next = state.backgroundTabs[id];
      if (id === state.activeTabId || !next) return;
      const { [id]: _shown, ...others } = state.backgroundTabs;
      set({
        ...next,
        activeTabId: id,
        backgroundTabs: { ...others, [state.activeTabId]: captureTabState(state) },
        saveAsOpen: false,
      });
      shown(id);
    },

    cycleTab(step) {
      const { tabs, activeTabId } = get();
      const index = tabs.findIndex((tab) => tab.id === activeTabId);
      const next = tabs[(index + step + tabs.length) % tabs.length];
      if (next) get().activateTab(next.id);
    },

    async saveActiveTab() {
      const { activeTabId, draft } = get();
      const origin = summaryOf(activeTabId)?.origin;
      if (!origin) return get().openSaveAs();
      const checked = savable(draft);
      if (!checked.ok) return updateSummary(activeTabId, { saveError: checked.error });
      try {
        await client.writeCollectionEntry({ root: origin.root, path: origin.path, model: checked.value });
        const now = summaryOf(activeTabId)?.origin ?? origin;
        updateSummary(activeTabId, {
          origin: { ...now, saved: checked.value },
          diskChange: undefined,
          saveError: undefined,
        });
      } catch (error) {
        updateSummary(activeTabId, { saveError: toErrorInfo(error) });
      }
    },

    async saveActiveTabAs({ root, folder, name }) {
      const { activeTabId, draft } = get();
      // A request still called "Untitled request" is named after its file.
      const renamed = draft.name.trim() === '' || draft.name === untitled;
      const checked = savable(renamed ? { ...draft, name } : draft);
      if (!checked.ok) return updateSummary(activeTabId, { saveError: checked.error });
      try {
        const { path } = await client.createCollectionEntry({
          root,
          folder,
          name,
          entry: { type: 'request', request: checked.value },
        });
        if (renamed) get().updateTab(activeTabId, (tab) => ({ draft: { ...tab.draft, name: checked.value.name } }));
        pristine.delete(activeTabId);
        updateSummary(activeTabId, {
          origin: { root, path, saved: checked.value },
          diskChange: undefined,
          saveError: undefined,
        });
        if (get().activeTabId === activeTabId) set({ saveAsOpen: false });
        syncWatches();
        if (get().openCollections.some((open) => open.root === root)) void get().refreshCollection(root);
      } catch (error) {
        updateSummary(activeTabId, { saveError: toErrorInfo(error) });
      }
    },

    openSaveAs() {
      updateSummary(get().activeTabId, { saveError: undefined });
      set({ saveAsOpen: true });
    },

    closeSaveAs() {
      set({ saveAsOpen: false });
    },

    keepMine(id) {
      const summary = summaryOf(id);
      const change = summary?.diskChange;
      if (!summary || !change) return;
      if (change.kind === 'changed' && summary.origin)
        updateSummary(id, { origin: { ...summary.origin, saved: change.request }, diskChange: undefined });
      else updateSummary(id, { diskChange: undefined });
    },

    takeTheirs(id) {
      const change = summaryOf(id)?.diskChange;
      if (change?.kind === 'changed') takeVersion(id, change.request);
    },

    dismissWorkspaceNotice() {
      set({ workspaceNotice: undefined });
    },

    tabStateOf(id) {
      const state = get();
      return id === state.activeTabId ? captureTabState(state) : state.backgroundTabs[id];
    },

    updateTab(id, change) {
      const state = get();
      if (id === state.activeTabId) {
        const patch = change(captureTabState(state));
        if (patch) set(patch);
        return;
      }
      const tab = state.backgroundTabs[id];
      const patch = tab && change(tab);
      if (!tab || !patch) return;
      set({ backgroundTabs: { ...state.backgroundTabs, [id]: { ...tab, ...patch } } });
      if ('draft' in patch) updateSummary(id);
    },

    updateEveryTab(change) {
      const state = get();
      const activePatch = change(captureTabState(state)) ?? {};
      let backgroundTabs = state.backgroundTabs;
      for (const [id, tab] of Object.entries(state.backgroundTabs)) {
        const patch = change(tab);
        if (patch) backgroundTabs = { ...backgroundTabs, [id]: { ...tab, ...patch } };
      }
      if (backgroundTabs !== state.backgroundTabs || Object.keys(activePatch).length > 0)
        set({ ...activePatch, backgroundTabs });
    },

    async restoreWorkspace() {
      try {
        // Without collections to reopen first, no await runs before the tabs are put back.
        const { workspace, problem } = options.startState?.workspace ?? (await client.loadWorkspace({}));
        if (problem) {
          const kept = problem.backupPath ? ` It was kept as ${problem.backupPath}.` : '';
          set({ workspaceNotice: `The saved tabs could not be read: ${problem.message}.${kept}` });
        }
        // Collections first: a restored tab connects with its collection's defaults and environment.
        if (workspace?.collections?.length) await get().restoreCollections(workspace.collections);
        if (workspace && workspace.tabs.length > 0) putBack(workspace);
        lastSaved = JSON.stringify(currentWorkspace());
        restored = true;
      } catch (error) {
        // Nothing is saved then: a save now could overwrite the tabs the host still has.
        set({
          workspaceNotice: `The saved tabs could not be read, and new edits are not kept: ${toErrorInfo(error).message}`,
        });
      }
    },

    whenWorkspaceRestored() {
      return restoring;
    },

    async flushWorkspace() {
      if (saveTimer !== undefined) await saveNow();
    },
  };
}

/** The summary of the tab on screen. */
export const selectActiveTab = (state: Pick<TabsSlice, 'tabs' | 'activeTabId'>): TabSummary | undefined =>
  state.tabs.find((tab) => tab.id === state.activeTabId);
