import { useId, useMemo, useState } from 'react';
import type { HistoryEntry, WorkbenchErrorData } from '../../../shared/api';
import { useWorkbench } from '../app/WorkbenchContext';
import { folderPaths } from '../collections/tree-edits';
import { statusTone } from '../response/status-badge';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatCount, formatMs } from '../ui/format';

/** A past call: what was sent, how it ended, its first and last message; open it again or save it. */
export function HistoryDetail({ entry }: { entry: HistoryEntry }) {
  const openEntry = useWorkbench((state) => state.openHistoryEntry);
  const [saving, setSaving] = useState(false);
  const { request, status } = entry;
  const body = request.message ?? (request.messages ? JSON.stringify(request.messages, null, 2) : undefined);
  return (
    <section className="history-detail" aria-label="Call detail">
      <dl>
        <dt>Method</dt>
        <dd>
          <code>{request.method || '(none)'}</code>
        </dd>
        <dt>Target</dt>
        <dd>
          <code>{request.target ?? '(none)'}</code>
        </dd>
        <dt>Status</dt>
        <dd>
          <span className={`history-status tone-${statusTone(status.code)}`}>
            {status.code} {status.name}
          </span>
          {status.message ? <span> {status.message}</span> : null}
        </dd>
        <dt>Took</dt>
        <dd>
          {formatMs(entry.durationMs)} · {formatCount(entry.messagesSent)} sent · {formatCount(entry.messagesReceived)}{' '}
          received{entry.peer ? ` · ${entry.peer}` : ''}
        </dd>
        {entry.origin ? (
          <>
            <dt>From</dt>
            <dd>
              <code>{entry.origin.path}</code>
            </dd>
          </>
        ) : null}
      </dl>
      {request.metadata && Object.keys(request.metadata).length > 0 ? (
        <>
          <h3>Metadata</h3>
          <pre className="history-json">
            {Object.entries(request.metadata)
              .map(([key, value]) => `${key}: ${value}`)
              .join('\n')}
          </pre>
        </>
      ) : null}
      {body ? (
        <>
          <h3>Request</h3>
          <pre className="history-json">{body}</pre>
        </>
      ) : null}
      {entry.firstMessage ? (
        <>
          <h3>{entry.messagesReceived > 1 ? 'First message' : 'Response'}</h3>
          <pre className="history-json">{entry.firstMessage}</pre>
        </>
      ) : null}
      {entry.lastMessage && entry.messagesReceived > 1 ? (
        <>
          <h3>Last message</h3>
          <pre className="history-json">{entry.lastMessage}</pre>
        </>
      ) : null}
      <div className="history-actions">
        <button type="button" className="small" onClick={() => openEntry(entry)}>
          Open in a new tab
        </button>
        <button
          type="button"
          className="small"
          aria-expanded={saving}
          disabled={request.method === ''}
          onClick={() => setSaving(!saving)}
        >
          Save to collection…
        </button>
      </div>
      {saving ? <SaveToCollectionForm entry={entry} onDone={() => setSaving(false)} /> : null}
    </section>
  );
}

/** Where to save: an open collection, one of its folders, a name. */
function SaveToCollectionForm({ entry, onDone }: { entry: HistoryEntry; onDone(): void }) {
  const collections = useWorkbench((state) => state.openCollections);
  const saveEntry = useWorkbench((state) => state.saveHistoryEntry);
  const loaded = useMemo(
    () => collections.flatMap((open) => (open.tree.status === 'loaded' ? [open.tree.value] : [])),
    [collections],
  );
  const [root, setRoot] = useState(loaded[0]?.root ?? '');
  const [folder, setFolder] = useState('');
  const [name, setName] = useState(entry.request.name || entry.request.method.split('/').pop() || '');
  const [error, setError] = useState<WorkbenchErrorData>();
  const id = useId();
  const tree = loaded.find((candidate) => candidate.root === root);

  if (loaded.length === 0) return <p className="muted">Open a collection first (Collections above).</p>;
  return (
    <form
      className="save-to-collection"
      aria-label="Save to collection"
      onSubmit={(event) => {
        event.preventDefault();
        void saveEntry(entry, { root, folder, name }).then((result) => {
          if ('error' in result) setError(result.error);
          else onDone();
        });
      }}
    >
      <label htmlFor={`${id}-collection`}>Collection</label>
      <select
        id={`${id}-collection`}
        value={root}
        onChange={(event) => {
          setRoot(event.target.value);
          setFolder('');
        }}
      >
        {loaded.map((candidate) => (
          <option key={candidate.root} value={candidate.root}>
            {candidate.collection?.name ?? candidate.root}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-folder`}>Folder</label>
      <select id={`${id}-folder`} value={folder} onChange={(event) => setFolder(event.target.value)}>
        {['', ...(tree ? folderPaths(tree.children) : [])].map((path) => (
          <option key={path} value={path}>
            {path === '' ? '(top of the collection)' : path}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        type="text"
        value={name}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => setName(event.target.value)}
      />
      {error ? <ErrorBanner error={error} onDismiss={() => setError(undefined)} /> : null}
      <div className="history-actions">
        <button type="submit" className="small primary" disabled={name.trim() === '' || root === ''}>
          Save
        </button>
        <button type="button" className="small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
