import type { WorkbenchErrorData } from '../../../shared/api';
import { errorKindTitle, hintInUiTerms } from './error-info';

interface ErrorBannerProps {
  error: WorkbenchErrorData;
  onDismiss?: () => void;
}

/** A failure the user can act on: what went wrong, the thing at fault, and the hint. */
export function ErrorBanner({ error, onDismiss }: ErrorBannerProps) {
  return (
    <div className="banner banner-error" role="alert">
      <div className="banner-body">
        <strong>{errorKindTitle(error.kind)}</strong>
        {error.subject ? <span className="banner-subject"> — {error.subject}</span> : null}
        <div className="banner-message">{error.message}</div>
        {error.hint ? <div className="banner-hint">{hintInUiTerms(error.hint, error.setting)}</div> : null}
      </div>
      {onDismiss ? (
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      ) : null}
    </div>
  );
}
