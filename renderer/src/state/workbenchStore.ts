/**
 * The workbench's one zustand store: connection form, loaded schema, selected method, request
 * draft, the current call and the channel state. It is created with its WorkbenchClient (never
 * reads window.*), subscribes to the client's events, and applies call events at most once per
 * animation frame through a FrameBatcher.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  CallEvent,
  ConnectionOptions,
  ConnectivityStateName,
  WorkbenchErrorData,
  HostInfo,
  MessagesExport,
  MethodDescription,
  MethodSummary,
  SchemaLoadResult,
  WorkbenchClient,
  WorkbenchEvent,
} from '../../../shared/api';
import { applyCallEvents, canSendMore, createCallView, defaultMessageWindow, type CallView } from './callState';
import { buildConnection, buildSchemaSource, emptyConnectionForm, type ConnectionForm } from './connectionForm';
import { parseDeadline } from './deadline';
import { toErrorInfo } from './errorInfo';
import { animationFrameScheduler, createFrameBatcher, type FrameScheduler } from './frameBatcher';
import { checkMetadataRows, type MetadataRow } from './metadataRows';

export type Theme = 'light' | 'dark';

type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; value: T }
  | { status: 'error'; error: WorkbenchErrorData };

export interface ChannelView {
  watchId?: string;
  state?: ConnectivityStateName;
  /** Watching failed: the badge says so instead of showing a stale state. */
  error?: WorkbenchErrorData;
}

export interface WorkbenchState {
  form: ConnectionForm;
  /** The connection of the last Connect; calls and the lens use it. */
  connection?: ConnectionOptions;
  schema: Loadable<SchemaLoadResult>;
  channel: ChannelView;
  filter: string;
  selected?: MethodSummary;
  description: Loadable<MethodDescription>;
  requestText: string;
  metadataRows: MetadataRow[];
  deadlineText: string;
  call?: CallView;
  /** startCall is in flight. */
  starting: boolean;
  /** A failure of starting or driving the call (bad JSON, refused, …), shown above the response. */
  callError?: WorkbenchErrorData;
  theme: Theme;
  /** Which host serves the UI (from hostInfo): decides how "export all messages" saves the file. */
  hostKind?: HostInfo['host'];
  /** An export through the host (Electron's save dialog) is in flight. */
  exporting: boolean;
  /** The last export of the current call that the host saved (Electron: where the user chose). */
  savedExport?: MessagesExport;

  updateForm(patch: Partial<ConnectionForm>): void;
  connect(): Promise<void>;
  setFilter(filter: string): void;
  selectMethod(method: MethodSummary): Promise<void>;
  setRequestText(text: string): void;
  generateExample(): void;
  addMetadataRow(): void;
  updateMetadataRow(id: number, patch: Partial<Omit<MetadataRow, 'id'>>): void;
  removeMetadataRow(id: number): void;
  setDeadlineText(text: string): void;
  /**
   * The primary action. On a client/bidi stream that still accepts messages it sends the editor
   * content on it; otherwise it starts a new call of the selected method with the editor content
   * as its (first) request message, cancelling an open call the user can no longer feed.
   */
  send(): Promise<void>;
  /** Sends the editor content on the open client/bidi stream. */
  sendMessage(): Promise<void>;
  /** Ctrl/Cmd+Enter: the same as the primary action (send). */
  submit(): Promise<void>;
  endStream(): Promise<void>;
  cancel(): Promise<void>;
  /** Electron: every recorded message of the current call, saved where the user chooses. */
  exportMessages(): Promise<void>;
  dismissCallError(): void;
  toggleTheme(): void;
  dispose(): void;
}

export interface WorkbenchStoreOptions {
  initialTarget?: string;
  initialTheme?: Theme;
  /** How many received messages the response view keeps (the rest are counted). */
  messageWindow?: number;
  schedule?: FrameScheduler;
}

export type WorkbenchStore = StoreApi<WorkbenchState>;

export function createWorkbenchStore(client: WorkbenchClient, options: WorkbenchStoreOptions = {}): WorkbenchStore {
  const messageWindow = options.messageWindow ?? defaultMessageWindow;
  let nextRowId = 1;
  // Bumped by every Connect / select, so an answer that arrives after a newer request is dropped.
  let connectGeneration = 0;
  let describeGeneration = 0;
  // Bumped by every send and every clearCall, so a startCall that resolves after either is dropped.
  let callGeneration = 0;
  // While startCall is in flight its events can arrive before its callId does: they are folded
  // into provisional views, and the one startCall names becomes the current call.
  let startingMethod: MethodSummary | undefined;
  const provisional = new Map<string, CallView>();
  const drafts = new Map<string, string>();

  return createStore<WorkbenchState>()((set, get) => {
    const applyBatch = (events: CallEvent[]): void => {
      const { call } = get();
      if (call) {
        const next = applyCallEvents(call, events, messageWindow);
        if (next !== call) set({ call: next });
        return;
      }
      if (!startingMethod) return;
      for (const event of events) {
        const view =
          provisional.get(event.callId) ?? createCallView(event.callId, startingMethod.path, startingMethod.kind);
        provisional.set(event.callId, applyCallEvents(view, [event], messageWindow));
      }
    };

    const batcher = createFrameBatcher<CallEvent>(applyBatch, {
      schedule: options.schedule ?? animationFrameScheduler,
      weigh: (event) => (event.type === 'call-messages' ? event.messages.length : 1),
      maxPending: messageWindow * 2,
    });

    const onEvent = (event: WorkbenchEvent): void => {
      if (event.type === 'channel-state') {
        const { channel } = get();
        if (event.watchId === channel.watchId) set({ channel: { ...channel, state: event.snapshot.state } });
      } else if (event.type.startsWith('call-')) {
        batcher.push(event as CallEvent);
      }
    };
    const unsubscribe = client.onEvent(onEvent);
    client
      .hostInfo({})
      .then((info) => {
        set({ hostKind: info.host });
        // `npm start` / `serve --lab`: open on the lab's L4 proxy (one plain address, like a
        // ClusterIP Service — the load-balancing lens shows it pinning), already connected, unless
        // the user has typed a target or connected meanwhile.
        const { form, schema } = get();
        if (info.lab && form.target === '' && schema.status === 'idle') {
          set({ form: { ...form, target: info.lab.proxyTarget } });
          void get().connect();
        }
      })
      .catch(() => undefined); // only when the host link is down; export and lab defaults then stay off

    const watchChannel = async (connection: ConnectionOptions, generation: number): Promise<void> => {
      const previous = get().channel.watchId;
      set({ channel: {} });
      if (previous) client.unwatchChannel({ watchId: previous }).catch(() => undefined);
      try {
        const { watchId, snapshot } = await client.watchChannel({ watchId: crypto.randomUUID(), connection });
        if (generation !== connectGeneration) {
          client.unwatchChannel({ watchId }).catch(() => undefined);
          return;
        }
        set({ channel: { watchId, state: snapshot.state } });
      } catch (error) {
        if (generation === connectGeneration) set({ channel: { error: toErrorInfo(error) } });
      }
    };

    /** Checks what a call needs; sets callError and returns undefined when something is off. */
    const prepareCall = () => {
      const { selected, schema, connection, metadataRows, deadlineText } = get();
      if (!selected || schema.status !== 'loaded' || !connection) {
        set({
          callError: {
            kind: 'bad_input',
            message: 'Connect and pick a method first.',
            hint: 'Press Connect, then choose a method in the service tree.',
          },
        });
        return undefined;
      }
      const metadata = checkMetadataRows(metadataRows);
      const [firstProblem] = metadata.problems.values();
      if (firstProblem) {
        set({
          callError: {
            kind: 'bad_input',
            message: firstProblem,
            hint: 'Fix the highlighted metadata row.',
            subject: 'Metadata',
          },
        });
        return undefined;
      }
      const deadline = parseDeadline(deadlineText);
      if (!deadline.ok) {
        set({ callError: deadline.error });
        return undefined;
      }
      return {
        selected,
        schemaId: schema.value.schemaId,
        connection,
        metadata: metadata.entries,
        deadlineMs: deadline.value,
      };
    };

    /** The method or the schema changed: the old call's response no longer belongs on screen. */
    const clearCall = (): void => {
      callGeneration++;
      const { call } = get();
      if (call?.phase === 'open') client.cancelCall({ callId: call.callId }).catch(() => undefined);
      batcher.flush();
      startingMethod = undefined;
      provisional.clear();
      set({ call: undefined, starting: false, callError: undefined, savedExport: undefined });
    };

    const runCallOperation = async (operation: () => Promise<void>): Promise<void> => {
      try {
        await operation();
      } catch (error) {
        set({ callError: toErrorInfo(error) });
      }
    };

    return {
      form: { ...emptyConnectionForm, target: options.initialTarget ?? '' },
      schema: { status: 'idle' },
      channel: {},
      filter: '',
      description: { status: 'idle' },
      requestText: '{}',
      metadataRows: [{ id: 0, key: '', value: '' }],
      deadlineText: '',
      starting: false,
      theme: options.initialTheme ?? 'light',
      exporting: false,

      updateForm(patch) {
        set({ form: { ...get().form, ...patch } });
      },

      async connect() {
        const generation = ++connectGeneration;
        const { form, metadataRows } = get();
        const connection = buildConnection(form);
        if (!connection.ok) {
          set({ schema: { status: 'error', error: connection.error } });
          return;
        }
        const source = buildSchemaSource(form, connection.value, checkMetadataRows(metadataRows).entries);
        if (!source.ok) {
          set({ schema: { status: 'error', error: source.error } });
          return;
        }
        clearCall();
        set({
          connection: connection.value,
          schema: { status: 'loading' },
          selected: undefined,
          description: { status: 'idle' },
        });
        void watchChannel(connection.value, generation);
        try {
          const result = await client.loadSchema({ sources: [source.value] });
          if (generation === connectGeneration) set({ schema: { status: 'loaded', value: result } });
        } catch (error) {
          if (generation === connectGeneration) set({ schema: { status: 'error', error: toErrorInfo(error) } });
        }
      },

      setFilter(filter) {
        set({ filter });
      },

      async selectMethod(method) {
        const { schema, selected } = get();
        if (schema.status !== 'loaded' || selected?.path === method.path) return;
        const generation = ++describeGeneration;
        // Each method keeps its own request text while the user hops between methods.
        if (selected) drafts.set(selected.path, get().requestText);
        clearCall();
        set({ selected: method, description: { status: 'loading' }, requestText: drafts.get(method.path) ?? '{}' });
        try {
          const description = await client.describeMethod({ schemaId: schema.value.schemaId, method: method.path });
          if (generation === describeGeneration) set({ description: { status: 'loaded', value: description } });
        } catch (error) {
          if (generation === describeGeneration) set({ description: { status: 'error', error: toErrorInfo(error) } });
        }
      },

      setRequestText(text) {
        set({ requestText: text });
      },

      generateExample() {
        const { description } = get();
        if (description.status === 'loaded')
          set({ requestText: JSON.stringify(description.value.exampleJson ?? {}, null, 2) });
      },

      addMetadataRow() {
        set({ metadataRows: [...get().metadataRows, { id: nextRowId++, key: '', value: '' }] });
      },

      updateMetadataRow(id, patch) {
        set({ metadataRows: get().metadataRows.map((row) => (row.id === id ? { ...row, ...patch } : row)) });
      },

      removeMetadataRow(id) {
        const rows = get().metadataRows.filter((row) => row.id !== id);
        set({ metadataRows: rows.length > 0 ? rows : [{ id: nextRowId++, key: '', value: '' }] });
      },

      setDeadlineText(text) {
        set({ deadlineText: text });
      },

      async send() {
        // A stream the user is feeding is never restarted by the primary action: a new call
        // needs End stream, Cancel or the call's end first.
        if (canSendMore(get().call)) return get().sendMessage();
        if (get().starting) return;
        const prepared = prepareCall();
        if (!prepared) return;
        const open = get().call;
        if (open?.phase === 'open') client.cancelCall({ callId: open.callId }).catch(() => undefined);
        batcher.flush();
        const { selected, schemaId, connection, metadata, deadlineMs } = prepared;
        const generation = ++callGeneration;
        startingMethod = selected;
        provisional.clear();
        set({ call: undefined, starting: true, callError: undefined, savedExport: undefined });
        try {
          const { callId } = await client.startCall({
            callId: crypto.randomUUID(),
            schemaId,
            method: selected.path,
            connection,
            metadata,
            deadlineMs,
            // Client and bidi streams open with the editor content as their first message; the
            // user sends the next ones with "Send message".
            messages: [get().requestText],
          });
          if (generation !== callGeneration) {
            // The method or schema changed while the call started: nobody shows it any more.
            client.cancelCall({ callId }).catch(() => undefined);
            return;
          }
          batcher.flush();
          const call = provisional.get(callId) ?? createCallView(callId, selected.path, selected.kind);
          set({ call, starting: false });
        } catch (error) {
          if (generation === callGeneration) set({ starting: false, callError: toErrorInfo(error) });
        } finally {
          if (generation === callGeneration) {
            startingMethod = undefined;
            provisional.clear();
          }
        }
      },

      async sendMessage() {
        const { call, requestText } = get();
        if (!call || !canSendMore(call)) return;
        await runCallOperation(async () => {
          await client.sendMessage({ callId: call.callId, json: requestText });
          set({ callError: undefined });
        });
      },

      async submit() {
        await get().send();
      },

      async endStream() {
        const { call } = get();
        if (!call || !canSendMore(call)) return;
        await runCallOperation(async () => {
          await client.halfClose({ callId: call.callId });
          const current = get().call;
          if (current?.callId === call.callId) set({ call: { ...current, halfClosed: true } });
        });
      },

      async cancel() {
        const { call } = get();
        if (!call || call.phase !== 'open') return;
        await runCallOperation(() => client.cancelCall({ callId: call.callId }));
      },

      async exportMessages() {
        const { call } = get();
        if (!call) return;
        set({ exporting: true, savedExport: undefined });
        try {
          const saved = await client.saveExport(call.callId);
          if (!saved.cancelled && get().call?.callId === call.callId) set({ savedExport: saved });
        } catch (error) {
          set({ callError: toErrorInfo(error) });
        } finally {
          set({ exporting: false });
        }
      },

      dismissCallError() {
        set({ callError: undefined });
      },

      toggleTheme() {
        set({ theme: get().theme === 'dark' ? 'light' : 'dark' });
      },

      dispose() {
        unsubscribe();
        batcher.dispose();
        const { channel } = get();
        if (channel.watchId) client.unwatchChannel({ watchId: channel.watchId }).catch(() => undefined);
      },
    };
  });
}
