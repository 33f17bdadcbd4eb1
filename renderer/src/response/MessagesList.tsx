import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { ReceivedMessage } from '../../../shared/api';
import { receivedMessageToNdjsonLine } from '../../../shared/api';
import { describeReceived, formatBytes, formatCount, formatMs } from '../ui/format';
import type { CallView } from './call-state';
import { useWorkbench } from '../app/WorkbenchContext';
import { JsonView } from './JsonView';

const previewLength = 160;
// Previews are computed only for rows on screen, and once per message.
const previews = new WeakMap<ReceivedMessage, string>();

function preview(message: ReceivedMessage): string {
  let text = previews.get(message);
  if (text === undefined) {
    const line =
      message.json !== undefined ? JSON.stringify(message.json) : `undecodable: ${message.decodeError ?? ''}`;
    text = line.length > previewLength ? `${line.slice(0, previewLength)}…` : line;
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

/** The received messages: virtualized, newest at the bottom, each expandable and copyable. */
export function MessagesList({ call }: { call: CallView }) {
  const { messages } = call;
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [follow, setFollow] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 30,
    overscan: 10,
    getItemKey: (index) => messages[index]?.index ?? index,
  });

  useEffect(() => {
    if (follow && messages.length > 0) virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
  }, [follow, messages, virtualizer]);

  const toggle = (index: number) => {
    const next = new Set(expanded);
    if (next.has(index)) next.delete(index);
    else next.add(index);
    setExpanded(next);
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
            const message = messages[item.index];
            if (!message) return null;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="message-row-wrap"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
              >
                <MessageRow
                  message={message}
                  expanded={expanded.has(message.index)}
                  onToggle={() => toggle(message.index)}
                />
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
  const undecodable = message.json === undefined;
  const copy = () => {
    const text = undecodable ? receivedMessageToNdjsonLine(message) : JSON.stringify(message.json, null, 2);
    void navigator.clipboard?.writeText(text).then(() => setCopied(true));
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
        <span className="message-index">#{message.index}</span>
        <span className="message-time">+{formatMs(message.receivedMs)}</span>
        <span className="message-size">{formatBytes(message.sizeBytes)}</span>
        <code className="message-preview">{preview(message)}</code>
        <button type="button" className="small" onClick={copy}>
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
          <JsonView value={message.json} />
        )
      ) : null}
    </article>
  );
}
