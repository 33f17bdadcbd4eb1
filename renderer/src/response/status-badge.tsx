import type { CallStatus, WorkbenchErrorData } from '../../../shared/api';
import { statusInfo } from '../../../shared/status-codes';
import { errorKindTitle, hintInUiTerms } from '../ui/error-info';

export type StatusTone = 'ok' | 'client' | 'transient' | 'server' | 'cancelled';

/** The colour class of a code: whose fault it is and whether waiting helps. */
export function statusTone(code: number): StatusTone {
  if (code === 0) return 'ok';
  if (code === 1) return 'cancelled';
  if ([4, 8, 10, 14].includes(code)) return 'transient';
  if ([2, 13, 15].includes(code)) return 'server';
  return 'client';
}

/**
 * The call's outcome: code number, name, message, and what a retry would do — and, when the
 * failure is ours or the transport's, the diagnosis in the same box: one failure, one box, each
 * sentence said once.
 */
export function StatusBadge({ status }: { status: CallStatus }) {
  const info = statusInfo(status.code);
  return (
    <div className={`status-badge tone-${statusTone(status.code)}`} role="status">
      <div className="status-line">
        <span className="status-code">
          {status.code} {status.name || info.name}
        </span>
        {status.message && status.message !== status.name ? (
          <span className="status-message">{status.message}</span>
        ) : null}
      </div>
      <div className="status-meaning">
        {info.meaning} <span className="status-retry">Retry: {info.retryText}</span>
      </div>
      {status.error ? <Diagnosis error={status.error} statusMessage={status.message} /> : null}
    </div>
  );
}

function Diagnosis({ error, statusMessage }: { error: WorkbenchErrorData; statusMessage: string }) {
  return (
    <div className="status-diagnosis">
      <strong>{errorKindTitle(error.kind)}</strong>
      {error.subject ? <span> — {error.subject}</span> : null}
      {error.message !== statusMessage ? <div>{error.message}</div> : null}
      {error.hint ? <div className="status-hint">{hintInUiTerms(error.hint)}</div> : null}
    </div>
  );
}

/** While the call runs the same live region says so, so screen readers hear the outcome replace it. */
export function PendingStatus({ text }: { text: string }) {
  return (
    <div className="status-badge tone-pending" role="status">
      <div className="status-line">{text}</div>
    </div>
  );
}
