import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { MessageValueDestination, ReceivedMessage } from '../../../shared/api';
import { describeReceived, formatBytes, formatCount, formatMs } from '../ui/format';
import { callTimeline, type CallView, type SentMessage, type TimelineEntry } from './call-state';
import { useWorkbench } from '../app/WorkbenchContext';
import { previewJson } from './json-preview';
import { JsonView } from './JsonView';
import { copyReceivedMessage } from './copy-received';
import { assignRowSlots } from './row-slots';

const previewLength = 160;
// Previews are computed only for rows on screen, and once per message.
const previews = new WeakMap<ReceivedMessage, string>();

function preview(message: ReceivedMessage): string {
  let text = previews.get(message);
  if (text === undefined) {
    text =
      message.json !== undefined
        ? previewJson(message.json, previewLength)
        : `undecodable: ${message.decodeError ?? ''}`.slice(0, previewLength);
    previews.set(message, text);
  }
  return text;
}

/**
 * "Export all N as NDJSON": the host recorded every message to disk (the view keeps only a
 * window); the client's saveExport capability saves it the way its host can (browser mode: a
 * download; Electron: a save dialog), so the view never asks which host it runs on.
 */
function ExportAllButton({ call }: { call: CallView }) {
  const exporting = useWorkbench((state) => state.exporting);
  const savedExport = useWorkbench((state) => state.savedExport);
  const exportMessages = useWorkbench((state) => state.exportMessages);
  const label = `Export all ${formatCount(call.receivedTotal)} as NDJSON`;
  return (
    <>
      {savedExport ? (
        <span className="muted">
          Exported {formatCount(savedExport.count)} as {savedExport.fileName}
        </span>
      ) : null}
      <button type="button" disabled={exporting || call.receivedTotal === 0} onClick={() => void exportMessages()}>
        {label}
      </button>
    </>
  );
}

/** Unique per row of one call: received #n → 2n, sent #n → 2n + 1 (a number: no string per row per frame). */
const entryKey = (entry: TimelineEntry): number => entry.message.index * 2 + (entry.direction === 'sent' ? 1 : 0);

/**
 * A folded row's height. Folded rows are held to it and never measured (measuring every row on
 * screen each frame of a fast stream forced a layout per row); an open row is measured.
 */
const foldedRowHeight = 30;

/**
 * The messages: virtualized, newest at the bottom, each expandable and copyable. A client or bidi
 * stream lists what we sent too, interleaved with what came back on one timeline. A server stream's
 * rows are made only for what is on screen, so a frame of a fast stream costs the rows shown.
 */
export function MessagesList({ call }: { call: CallView }) {
  const { messages, sent } = call;
  const showsSent = call.kind === 'client_streaming' || call.kind === 'bidi_streaming';
  const timeline = useMemo(
    () => (showsSent ? callTimeline({ messages, sent }) : undefined),
    [showsSent, messages, sent],
  );
  const count = timeline?.length ?? messages.length;
  const entryAt = useCallback(
    (index: number): TimelineEntry | undefined => {
      if (timeline) return timeline[index];
      const message = messages[index];
      return message && { direction: 'received', message, atMs: message.receivedMs };
    },
    [timeline, messages],
  );
  const keyAt = useCallback(
    (index: number): number => {
      const entry = timeline ? timeline[index] : undefined;
      if (entry) return entryKey(entry);
      const message = messages[index];
      return message ? message.index * 2 : -1 - index;
    },
    [timeline, messages],
  );
  // A call with one response (unary, client streaming) shows it open; a stream's rows start folded.
  const openByDefault = call.kind === 'unary' || call.kind === 'client_streaming';
  const [toggled, setToggled] = useState<ReadonlySet<number>>(new Set());
  const [follow, setFollow] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  // Following, the last rows (as many as fit, and the overscan above them) are rendered straight away, not
  // only those at the offset before the scroll to the end: one render per update, not two. The
  // rows at the offset stay too, for a user who scrolls up while Follow is on.
  const rangeExtractor = useCallback(
    (range: Range): number[] => {
      const atOffset = defaultRangeExtractor(range);
      if (!follow) return atOffset;
      const shown = Math.min(range.count, range.endIndex - range.startIndex + 1 + range.overscan);
      const tailStart = range.count - shown;
      const beforeTail = atOffset.filter((index) => index < tailStart);
      return beforeTail.concat(Array.from({ length: shown }, (_, at) => tailStart + at));
    },
    [follow],
  );
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => foldedRowHeight,
    // Few: a fast stream replaces every row rendered at each update.
    overscan: 3,
    getItemKey: keyAt,
    rangeExtractor,
  });

  // Following is one scroll write per update (the browser clamps it to the end), at the start of
  // the next frame: the write lays the page out, and there that is the frame's own layout, not a
  // second one forced in the task that rendered the update.
  const totalSize = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    if (!follow || !scroller) return;
    const frame = requestAnimationFrame(() => (scroller.scrollTop = totalSize));
    return () => cancelAnimationFrame(frame);
  }, [follow, totalSize, keyAt]);
  const items = virtualizer.getVirtualItems();
  // Recomputed from the last render's slots, so a render repeated with the same rows gives the same keys.
  const slotsRef = useRef<ReadonlyMap<number, number>>(new Map());
  const slots = assignRowSlots(
    slotsRef.current,
    items.map((item) => item.key as number),
  );
  slotsRef.current = slots;

  const isOpen = (entry: TimelineEntry): boolean =>
    entry.direction === 'sent' ? toggled.has(entryKey(entry)) : openByDefault !== toggled.has(entryKey(entry));
  const toggle = (entry: TimelineEntry, index: number) => {
    const key = entryKey(entry);
    const next = new Set(toggled);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    // A row that folds drops its measured height (it is measured only while open).
    if (isOpen(entry)) virtualizer.resizeItem(index, foldedRowHeight);
    setToggled(next);
  };

  return (
    <section className="messages" aria-label="Messages">
      <header className="messages-header">
        <h3>Messages</h3>
        <span className="muted" data-testid="received-count">
          {describeReceived(call.receivedTotal, messages.length)}
        </span>
        <span className="spacer" />
        <label className="inline-check">
          <input type="checkbox" checked={follow} onChange={(event) => setFollow(event.target.checked)} /> Follow
        </label>
        <ExportAllButton call={call} />
      </header>
      <div className="messages-scroll" ref={scrollRef}>
        <div style={{ height: totalSize, position: 'relative' }}>
          {items.map((item) => {
            const entry = entryAt(item.index);
            if (!entry) return null;
            const open = isOpen(entry);
            const onToggle = () => toggle(entry, item.index);
            return (
              <div
                key={slots.get(item.key as number)}
                data-index={item.index}
                ref={open ? virtualizer.measureElement : undefined}
                className="message-row-wrap"
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  transform: `translateY(${item.start}px)`,
                  // A folded row's size is known: laying out its new text never lays out anything around it.
                  ...(open ? {} : { height: foldedRowHeight, overflow: 'hidden', contain: 'strict' }),
                }}
              >
                {entry.direction === 'sent' ? (
                  <SentRow message={entry.message} expanded={open} onToggle={onToggle} />
                ) : (
                  <MessageRow message={entry.message} expanded={open} onToggle={onToggle} />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

interface MessageRowProps {
  message: ReceivedMessage;
  expanded: boolean;
  onToggle(): void;
}

function MessageRow({ message, expanded, onToggle }: MessageRowProps) {
  // A row's slot shows another message as the stream moves on (row-slots.ts), so "Copied" names the
  // message it was for — also when the slot moved on while the copy was still under way.
  const [copiedIndex, setCopiedIndex] = useState<number>();
  const copied = copiedIndex === message.index;
  const fetchReceivedValue = useWorkbench((state) => state.fetchReceivedValue);
  const fetchValue = useCallback(
    (path: (string | number)[]) => fetchReceivedValue(message.index, path),
    [fetchReceivedValue, message.index],
  );
  const deliverReceivedValue = useWorkbench((state) => state.deliverReceivedValue);
  const deliverValue = useCallback(
    (path: (string | number)[], to: MessageValueDestination) => deliverReceivedValue(message.index, path, to),
    [deliverReceivedValue, message.index],
  );
  const undecodable = message.json === undefined;
  const copy = async () => {
    await copyReceivedMessage(message, { fetch: fetchValue, deliver: deliverValue });
    setCopiedIndex(message.index);
  };
  return (
    <article
      className={`message-row${undecodable ? ' message-undecodable' : ''}`}
      aria-label={`Message ${message.index}`}
    >
      <div className="message-summary">
        <button
          type="button"
          className="icon-button"
          aria-expanded={expanded}
          aria-label={`${expanded ? 'Collapse' : 'Expand'} message ${message.index}`}
          onClick={onToggle}
        >
          {expanded ? '▾' : '▸'}
        </button>
        {/* One text node each: a row that shows the next message changes its text, not its nodes. */}
        <span className="message-index">{`↓ #${message.index}`}</span>
        <span className="message-time">{`+${formatMs(message.receivedMs)}`}</span>
        <span className="message-size">{formatBytes(message.sizeBytes)}</span>
        <code className="message-preview">{preview(message)}</code>
        <button type="button" className="small" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      {expanded ? (
        undecodable ? (
          <div className="message-bytes">
            <div className="field-problem">Could not decode: {message.decodeError ?? 'unknown error'}</div>
            <pre className="json-view">{message.bytesBase64 ?? ''}</pre>
          </div>
        ) : (
          <JsonView
            key={message.index}
            value={message.json}
            elided={message.elided}
            fetchValue={fetchValue}
            deliverValue={deliverValue}
          />
        )
      ) : null}
    </article>
  );
}

/** A message we sent: its JSON as the editor held it, foldable like a received one. */
function SentRow({ message, expanded, onToggle }: { message: SentMessage; expanded: boolean; onToggle(): void }) {
  const parsed = useMemo(() => {
    try {
      return { ok: true as const, value: JSON.parse(message.json) as unknown };
    } catch {
      return { ok: false as const };
    }
  }, [message.json]);
  return (
    <article className="message-row message-sent" aria-label={`Sent message ${message.index}`}>
      <div className="message-summary">
        <button
          type="button"
          className="icon-button"
          aria-expanded={expanded}
          aria-label={`${expanded ? 'Collapse' : 'Expand'} sent message ${message.index}`}
          onClick={onToggle}
        >
          {expanded ? '▾' : '▸'}
        </button>
        <span className="message-index">↑ sent #{message.index}</span>
        <span className="message-time">+{formatMs(message.sentMs)}</span>
        <span className="message-size">{formatCount(message.json.length)} chars</span>
        <code className="message-preview">
          {parsed.ok ? previewJson(parsed.value, previewLength) : message.json.slice(0, previewLength)}
        </code>
      </div>
      {expanded ? (
        parsed.ok ? (
          <JsonView key={message.index} value={parsed.value} />
        ) : (
          <pre className="json-view">{message.json}</pre>
        )
      ) : null}
    </article>
  );
}
