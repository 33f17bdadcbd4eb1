import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReceivedMessage } from '../../../shared/api';
import { receivedMessageToNdjsonLine, valueAtPath } from '../../../shared/api';
import { describeReceived, formatBytes, formatCount, formatMs } from '../ui/format';
import { callTimeline, type CallView, type SentMessage, type TimelineEntry } from './call-state';
import { useWorkbench } from '../app/WorkbenchContext';
import { previewJson } from './json-preview';
import { JsonView } from './JsonView';

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

const entryKey = (entry: TimelineEntry): string => `${entry.direction}-${entry.message.index}`;

/**
 * The messages: virtualized, newest at the bottom, each expandable and copyable. A client or bidi
 * stream lists what we sent too, interleaved with what came back on one timeline.
 */
export function MessagesList({ call }: { call: CallView }) {
  const { messages } = call;
  const showsSent = call.kind === 'client_streaming' || call.kind === 'bidi_streaming';
  const entries = useMemo(
    () =>
      showsSent
        ? callTimeline(call)
        : messages.map((message): TimelineEntry => ({ direction: 'received', message, atMs: message.receivedMs })),
    [showsSent, call, messages],
  );
  // A call with one response (unary, client streaming) shows it open; a stream's rows start folded.
  const openByDefault = call.kind === 'unary' || call.kind === 'client_streaming';
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const [follow, setFollow] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 30,
    overscan: 10,
    getItemKey: (index) => {
      const entry = entries[index];
      return entry ? entryKey(entry) : index;
    },
  });

  useEffect(() => {
    if (follow && entries.length > 0) virtualizer.scrollToIndex(entries.length - 1, { align: 'end' });
  }, [follow, entries, virtualizer]);

  const toggle = (index: string) => {
    const next = new Set(toggled);
    if (next.has(index)) next.delete(index);
    else next.add(index);
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
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = entries[item.index];
            if (!entry) return null;
            const key = entryKey(entry);
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="message-row-wrap"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
              >
                {entry.direction === 'sent' ? (
                  <SentRow message={entry.message} expanded={toggled.has(key)} onToggle={() => toggle(key)} />
                ) : (
                  <MessageRow
                    message={entry.message}
                    expanded={openByDefault !== toggled.has(key)}
                    onToggle={() => toggle(key)}
                  />
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
  const [copied, setCopied] = useState(false);
  const fetchReceivedValue = useWorkbench((state) => state.fetchReceivedValue);
  const fetchValue = useCallback(
    (path: (string | number)[]) => fetchReceivedValue(message.index, path),
    [fetchReceivedValue, message.index],
  );
  const undecodable = message.json === undefined;
  const copy = async () => {
    const text = undecodable
      ? receivedMessageToNdjsonLine(message)
      : JSON.stringify(await wholeMessage(message, fetchValue), null, 2);
    await navigator.clipboard?.writeText(text);
    setCopied(true);
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
        <span className="message-index">↓ #{message.index}</span>
        <span className="message-time">+{formatMs(message.receivedMs)}</span>
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
          <JsonView value={message.json} elided={message.elided} fetchValue={fetchValue} />
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
          <JsonView value={parsed.value} />
        ) : (
          <pre className="json-view">{message.json}</pre>
        )
      ) : null}
    </article>
  );
}

/** The message's JSON with every value the host kept back fetched and put in its place. */
async function wholeMessage(
  message: ReceivedMessage,
  fetchValue: (path: (string | number)[]) => Promise<string>,
): Promise<unknown> {
  if (message.elided === undefined || message.elided.length === 0) return message.json;
  const json = structuredClone(message.json) as Record<string | number, unknown>;
  for (const { path } of message.elided) {
    const parent = valueAtPath(json, path.slice(0, -1)) as Record<string | number, unknown>;
    parent[path.at(-1)!] = await fetchValue(path);
  }
  return json;
}
