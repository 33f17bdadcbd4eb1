import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { ReceivedMessage } from '../../../shared/api/contract';
import { messagesExportUrlPath, receivedMessageToNdjsonLine } from '../../../shared/api/contract';
import { describeReceived, formatBytes, formatCount, formatMs } from '../ui/format';
import type { CallView } from './call-state';
import { selectHostKind } from '../app/app-slice';
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
 * window). Browser mode downloads it from the server with a same-origin link; Electron's main
 * process shows a save dialog and copies it.
 */
function ExportAllButton({ call }: { call: CallView }) {
  const hostKind = useWorkbench(selectHostKind);
  const exporting = useWorkbench((state) => state.exporting);
  const savedExport = useWorkbench((state) => state.savedExport);
  const exportMessages = useWorkbench((state) => state.exportMessages);
  const label = `Export all ${formatCount(call.receivedTotal)} as NDJSON`;
  // Until the host is known the right way to save is not either (hostInfo answers right away).
  if (call.receivedTotal === 0 || hostKind === undefined) {
    return (
      <button type="button" disabled>
        {label}
      </button>
    );
  }
  if (hostKind === 'browser') {
    return (
      <a className="button-link" href={messagesExportUrlPath(call.callId)} download>
        {label}
      </a>
    );
  }
  return (
    <>
      {savedExport ? (
        <span className="muted">
          Saved {formatCount(savedExport.count)} to {savedExport.path}
        </span>
      ) : null}
      <button type="button" disabled={exporting} onClick={() => void exportMessages()}>
        {label}
      </button>
    </>
  );
}

/** The received messages: virtualized, newest at the bottom, each expandable and copyable. */
export function MessagesList({ call }: { call: CallView }) {
  const { messages } = call;
  // A call with one response (unary, client streaming) shows it open; a stream's rows start folded.
  const openByDefault = call.kind === 'unary' || call.kind === 'client_streaming';
  const [toggled, setToggled] = useState<ReadonlySet<number>>(new Set());
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
                  expanded={openByDefault !== toggled.has(message.index)}
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
