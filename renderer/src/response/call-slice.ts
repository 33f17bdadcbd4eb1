/**
 * The current call: starting it from the draft, driving a client/bidi stream, cancelling it,
 * exporting its messages, and folding its events into a CallView in a task of its own (a
 * FrameBatcher) at most every `updateIntervalMs` while events keep coming, so a fast stream costs a
 * few store updates a second, not one per WebSocket push; a call's end is shown at once. Each tab has its own call
 * (workspace/tab-state.ts): events fold into whichever tab holds the call, shown or not, and an
 * answer that arrives after the user switched tabs goes to the tab that asked.
 */
import type {
  CallEvent,
  MessagesExport,
  MessageValueDelivery,
  MessageValueDestination,
  WorkbenchErrorData,
} from '../../../shared/api';
import { selectCallSession } from '../connection/connection-slice';
import { resolveActiveDraft } from '../environments/environments-slice';
import { checkMetadataRows } from '../request/metadata-rows';
import { draftBody, toInvokeRequest } from '../request/request-draft';
import { selectSelectedMethod } from '../services/services-slice';
import { createFrameBatcher, nextTaskScheduler, type FrameScheduler } from '../store/frame-batcher';
import type { SliceContext } from '../store/slice';
import { toErrorInfo } from '../ui/error-info';
import {
  applyCallEvents,
  canSendMore,
  createCallView,
  defaultMessageWindow,
  withSent,
  type CallView,
} from './call-state';

export interface CallSlice {
  call?: CallView;
  /** startCall is in flight. */
  starting: boolean;
  /** A failure of starting or driving the call (bad JSON, refused, …), shown above the response. */
  callError?: WorkbenchErrorData;
  /** An export through the host's saveExport capability (a download or a save dialog) is in flight. */
  exporting: boolean;
  /** The last export of the current call that the host saved. */
  savedExport?: MessagesExport;
  /**
   * The primary action. On a client/bidi stream that still accepts messages it sends the editor
   * content on it; otherwise it starts a new call of the draft's method with the editor content
   * as its (first) request message, cancelling an open call the user can no longer feed.
   */
  send(): Promise<void>;
  /** Sends the editor content on the open client/bidi stream. */
  sendMessage(): Promise<void>;
  /** Ctrl/Cmd+Enter: the same as the primary action (send). */
  submit(): Promise<void>;
  endStream(): Promise<void>;
  cancel(): Promise<void>;
  /** Every recorded message of the current call, saved the way the host can (download or dialog). */
  exportMessages(): Promise<void>;
  dismissCallError(): void;
  /** A string of a received message of the current call that the host kept back (ReceivedMessage.elided), whole. */
  fetchReceivedValue(index: number, path: (string | number)[]): Promise<string>;
  /**
   * The same (or, at `[]`, the whole message's text) put on the clipboard or saved by the host's
   * deliverMessageValue capability, never held by the page; `unsupported`: use fetchReceivedValue.
   */
  deliverReceivedValue(
    index: number,
    path: (string | number)[],
    to: MessageValueDestination,
  ): Promise<MessageValueDelivery>;
  /** The method or the schema changed: the old call's response no longer belongs on screen. */
  clearCall(): void;
}

export interface CallSliceOptions {
  /** How many received messages the response view keeps (the rest are counted). */
  messageWindow?: number;
  schedule?: FrameScheduler;
}

/**
 * While a stream pours in, the view is updated this often: each update re-renders the rows on
 * screen and lays them out, and at one per frame a million-message stream kept a busy machine's
 * main thread saturated (long tasks, a slower stream). Ten a second still reads as live.
 */
export const updateIntervalMs = 100;

/**
 * Paces a scheduler: a callback after a quiet spell is scheduled at once; one scheduled less than
 * `intervalMs` after the previous ran waits for the rest of the interval first.
 */
export function paced(
  schedule: FrameScheduler,
  intervalMs: number,
  now: () => number = () => globalThis.performance.now(),
): FrameScheduler {
  let lastRun = Number.NEGATIVE_INFINITY;
  return (callback) => {
    const run = (): void => {
      lastRun = now();
      callback();
    };
    const wait = lastRun + intervalMs - now();
    if (wait <= 0) return schedule(run);
    let cancelScheduled: (() => void) | undefined;
    const timer = setTimeout(() => (cancelScheduled = schedule(run)), wait);
    return () => {
      clearTimeout(timer);
      cancelScheduled?.();
    };
  };
}

export function createCallSlice(
  { set, get, client, newId, onDispose }: SliceContext,
  options: CallSliceOptions,
): CallSlice {
  const messageWindow = options.messageWindow ?? defaultMessageWindow;
  // The call's view exists under its client-chosen id before startCall is sent, so its events
  // fold straight into it (events of any other call are ignored by applyCallEvents) — in every
  // tab, so a call in a background tab keeps receiving.
  // When each tab's call was started (by call id), on the renderer's clock: sent messages are timed from it.
  const startedAt = new Map<string, number>();
  const now = (): number => globalThis.performance.now();
  const applyBatch = (events: CallEvent[]): void =>
    get().updateEveryTab(({ call }) => {
      const next = call && applyCallEvents(call, events, messageWindow);
      return next === call ? undefined : { call: next };
    });
  /** Changes the tab's call if it is still `callId` (the tab may be in the background, or closed). */
  const updateCall = (tabId: string, callId: string, change: (call: CallView) => Partial<CallSlice>): void =>
    get().updateTab(tabId, ({ call }) => (call?.callId === callId ? change(call) : undefined));

  const batcher = createFrameBatcher<CallEvent>(applyBatch, {
    schedule: options.schedule ?? paced(nextTaskScheduler, updateIntervalMs),
    weigh: (event) => (event.type === 'call-messages' ? event.messages.length : 1),
    maxPending: messageWindow * 2,
  });
  onDispose(
    client.onEvent((event) => {
      if (!event.type.startsWith('call-')) return;
      batcher.push(event as CallEvent);
      // The outcome is not paced: the status shows as soon as the call ends.
      if (event.type === 'call-end') batcher.flush();
    }),
  );
  onDispose(() => batcher.dispose());

  const cancelQuietly = (callId: string): void => void client.cancelCall({ callId }).catch(() => undefined);

  /** Runs a step of the active tab's call; its failure is shown in that tab. */
  const runCallOperation = async (operation: () => Promise<void>): Promise<void> => {
    const { activeTabId } = get();
    try {
      await operation();
    } catch (error) {
      get().updateTab(activeTabId, () => ({ callError: toErrorInfo(error) }));
    }
  };

  return {
    starting: false,
    exporting: false,

    async send() {
      // A stream the user is feeding is never restarted by the primary action: a new call
      // needs End stream, Cancel or the call's end first.
      if (get().starting) return;
      if (canSendMore(get().call)) return get().sendMessage();
      const state = get();
      const selected = selectSelectedMethod(state);
      const [rowProblem] = checkMetadataRows(state.requestUi.metadataRows).problems.values();
      if (selected && rowProblem !== undefined) {
        set({
          callError: {
            kind: 'bad_input',
            message: rowProblem,
            hint: 'Fix the highlighted metadata row.',
            subject: 'Metadata',
          },
        });
        return;
      }
      // Plain {{variables}} resolved here; secrets are left for the host of the collection.
      const resolved = resolveActiveDraft(state);
      if (selected && !resolved.ok) return void set({ callError: resolved.error });
      const draft = resolved.ok ? resolved.value.draft : state.draft;
      const request = toInvokeRequest(draft, selected ? selectCallSession(state) : undefined);
      if (!request.ok || !selected) {
        if (!request.ok) set({ callError: request.error });
        return;
      }
      const open = state.call;
      if (open?.phase === 'open') cancelQuietly(open.callId);
      batcher.flush();
      const callId = newId('call');
      const tabId = state.activeTabId;
      const isCurrent = () => get().tabStateOf(tabId)?.call?.callId === callId;
      if (open) startedAt.delete(open.callId);
      startedAt.set(callId, now());
      // The history keeps the draft as written; a saved tab names its file (secret scope, history origin).
      const origin = state.tabs.find((tab) => tab.id === tabId)?.origin;
      const from = { draft: state.draft, ...(origin ? { collection: { root: origin.root, path: origin.path } } : {}) };
      set({
        call: withSent(
          createCallView(callId, selected.path, selected.kind),
          request.value.messages?.[0] ?? '{}',
          0,
          messageWindow,
        ),
        starting: true,
        callError: undefined,
        savedExport: undefined,
      });
      try {
        await client.startCall({ callId, ...request.value, ...from });
        // The method or schema changed (or the tab closed) while the call started: nobody shows it any more.
        if (!isCurrent()) return cancelQuietly(callId);
        updateCall(tabId, callId, () => ({ starting: false }));
      } catch (error) {
        // Refused before it started (bad JSON, bad metadata…): there is no call to show.
        updateCall(tabId, callId, () => ({ call: undefined, starting: false, callError: toErrorInfo(error) }));
      }
    },

    async sendMessage() {
      const { call, activeTabId } = get();
      if (!call || !canSendMore(call)) return;
      const resolved = resolveActiveDraft(get());
      if (!resolved.ok) return void set({ callError: resolved.error });
      await runCallOperation(async () => {
        const json = draftBody(resolved.value.draft);
        await client.sendMessage({ callId: call.callId, json });
        const elapsed = now() - (startedAt.get(call.callId) ?? now());
        get().updateTab(activeTabId, (tab) =>
          tab.call?.callId === call.callId
            ? { call: withSent(tab.call, json, elapsed, messageWindow), callError: undefined }
            : { callError: undefined },
        );
      });
    },

    async submit() {
      await get().send();
    },

    async endStream() {
      const { call, activeTabId } = get();
      if (!call || !canSendMore(call)) return;
      await runCallOperation(async () => {
        await client.halfClose({ callId: call.callId });
        updateCall(activeTabId, call.callId, (current) => ({ call: { ...current, halfClosed: true } }));
      });
    },

    async cancel() {
      const { call } = get();
      if (!call || call.phase !== 'open') return;
      await runCallOperation(() => client.cancelCall({ callId: call.callId }));
    },

    async exportMessages() {
      const { call, activeTabId } = get();
      if (!call) return;
      set({ exporting: true, savedExport: undefined });
      const answer = (patch: Partial<CallSlice>) => get().updateTab(activeTabId, () => patch);
      try {
        const saved = await client.saveExport(call.callId);
        if (!saved.cancelled) updateCall(activeTabId, call.callId, () => ({ savedExport: saved }));
      } catch (error) {
        answer({ callError: toErrorInfo(error) });
      } finally {
        answer({ exporting: false });
      }
    },

    dismissCallError() {
      set({ callError: undefined });
    },

    async fetchReceivedValue(index, path) {
      const { call } = get();
      if (!call) throw new Error('The call is no longer on screen.');
      return (await client.fetchMessageValue({ callId: call.callId, index, path })).value;
    },

    async deliverReceivedValue(index, path, to) {
      const { call } = get();
      if (!call) throw new Error('The call is no longer on screen.');
      return client.deliverMessageValue({ callId: call.callId, index, path }, to);
    },

    clearCall() {
      const { call, starting } = get();
      // A call still starting is cancelled by send once its start is answered (the host may not know it yet).
      if (call?.phase === 'open' && !starting) cancelQuietly(call.callId);
      batcher.flush();
      set({ call: undefined, starting: false, callError: undefined, savedExport: undefined });
    },
  };
}
