import { useEffect, useId, useState } from 'react';
import type { HistoryEntry } from '../../../shared/api';
import { statusCodes } from '../../../shared/status-codes';
import { useWorkbench } from '../app/WorkbenchContext';
import { statusTone } from '../response/status-badge';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatMs } from '../ui/format';
import { HistoryDetail } from './HistoryDetail';
import { selectHistoryEntry } from './history-slice';

const statusOptions = [
  { value: '', label: 'Any status' },
  { value: 'failed', label: 'Failed (not OK)' },
  ...statusCodes.map((status) => ({ value: status.name, label: status.name })),
];

/** `user.v1.UserService/GetUser` → `UserService/GetUser`: what fits a row. */
function shortMethod(method: string): string {
  const [service = '', name = ''] = method.split('/');
  return name ? `${service.split('.').pop()}/${name}` : method || '(no method)';
}

function timeOf(entry: HistoryEntry): string {
  const started = new Date(entry.startedAt);
  const today = new Date().toDateString() === started.toDateString();
  return today ? started.toLocaleTimeString() : started.toLocaleString();
}

/** Every call the app made, newest first: search, filters, a detail, paging; read when first shown. */
export function HistoryPanel() {
  const history = useWorkbench((state) => state.history);
  const selected = useWorkbench(selectHistoryEntry);
  const loadHistory = useWorkbench((state) => state.loadHistory);
  const loadMore = useWorkbench((state) => state.loadMoreHistory);
  const setQuery = useWorkbench((state) => state.setHistoryQuery);
  const select = useWorkbench((state) => state.selectHistoryEntry);
  const clearHistory = useWorkbench((state) => state.clearHistory);
  const [confirmingClear, setConfirmingClear] = useState(false);
  const id = useId();
  const { query } = history;

  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);

  return (
    <div className="history-panel">
      <div className="history-filters">
        <label htmlFor={`${id}-text`} className="visually-hidden">
          Search history
        </label>
        <input
          id={`${id}-text`}
          type="search"
          placeholder="Search history"
          value={query.text}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setQuery({ text: event.target.value })}
        />
        <div className="history-filter-row">
          <label htmlFor={`${id}-status`} className="visually-hidden">
            Filter by status
          </label>
          <select
            id={`${id}-status`}
            value={query.status}
            onChange={(event) => setQuery({ status: event.target.value })}
          >
            {statusOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          {(['method', 'target'] as const).map((field) => (
            <input
              key={field}
              type="text"
              aria-label={`Filter by ${field}`}
              placeholder={field === 'method' ? 'Method' : 'Target'}
              value={query[field]}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => setQuery({ [field]: event.target.value })}
            />
          ))}
        </div>
      </div>
      {history.error ? <ErrorBanner error={history.error} /> : null}
      {history.status === 'loaded' && history.entries.length === 0 ? (
        <p className="muted sidebar-empty">
          {query.text || query.status || query.method || query.target
            ? 'No call matches.'
            : 'No calls yet: every call you send is kept here.'}
        </p>
      ) : null}
      <ul className="history-list" aria-label="Past calls" aria-busy={history.status === 'loading'}>
        {history.entries.map((entry) => (
          <li key={entry.id}>
            <button
              type="button"
              className="history-row"
              aria-pressed={entry.id === history.selectedId}
              onClick={() => select(entry.id === history.selectedId ? undefined : entry.id)}
            >
              <span className="history-method" title={entry.request.method}>
                {shortMethod(entry.request.method)}
              </span>
              <span className={`history-status tone-${statusTone(entry.status.code)}`}>{entry.status.name}</span>
              <span className="muted history-target" title={entry.request.target}>
                {entry.request.target ?? ''}
              </span>
              <span className="muted history-duration">{formatMs(entry.durationMs)}</span>
              <time className="muted history-time" dateTime={entry.startedAt}>
                {timeOf(entry)}
              </time>
            </button>
          </li>
        ))}
      </ul>
      {history.more ? (
        <button type="button" className="small" disabled={history.status === 'loading'} onClick={() => void loadMore()}>
          Load more
        </button>
      ) : null}
      {selected ? <HistoryDetail entry={selected} /> : null}
      <div className="history-footer">
        {confirmingClear ? (
          <div role="alertdialog" aria-label="Clear history" className="history-confirm">
            <span>Clear the whole history? This cannot be undone.</span>
            <button
              type="button"
              className="small danger"
              onClick={() => {
                setConfirmingClear(false);
                void clearHistory();
              }}
            >
              Clear
            </button>
            <button type="button" className="small" onClick={() => setConfirmingClear(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="small"
            disabled={history.entries.length === 0}
            onClick={() => setConfirmingClear(true)}
          >
            Clear history…
          </button>
        )}
      </div>
    </div>
  );
}
