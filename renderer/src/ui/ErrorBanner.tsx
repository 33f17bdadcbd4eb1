import { useEffect, useState } from 'react';
import type { WorkbenchErrorData } from '../../../shared/api';
import { isSettingId, settingName, type SettingId } from '../../../shared/settings';
import { errorKindTitle, hintInUiTerms } from './error-info';
import { findSettingField, focusSettingField } from './setting-field';

interface ErrorBannerProps {
  error: WorkbenchErrorData;
  onDismiss?: () => void;
}

/**
 * A failure the user can act on: what went wrong, the thing at fault, and the hint — and, when the
 * error names a setting whose field is on screen, a button that takes the user to it.
 */
export function ErrorBanner({ error, onDismiss }: ErrorBannerProps) {
  const setting = isSettingId(error.setting) ? error.setting : undefined;
  return (
    <div className="banner banner-error" role="alert">
      <div className="banner-body">
        <strong>{errorKindTitle(error.kind)}</strong>
        {error.subject ? <span className="banner-subject"> — {error.subject}</span> : null}
        <div className="banner-message">{error.message}</div>
        {error.hint ? <div className="banner-hint">{hintInUiTerms(error.hint, error.setting)}</div> : null}
        {setting ? <GoToSetting setting={setting} /> : null}
      </div>
      {onDismiss ? (
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      ) : null}
    </div>
  );
}

function GoToSetting({ setting }: { setting: SettingId }) {
  const label = settingName(setting, 'ui');
  // The field is looked up once the banner is on screen (the two render side by side).
  const [onScreen, setOnScreen] = useState(false);
  useEffect(() => setOnScreen(findSettingField(setting) !== null), [setting]);
  if (label === undefined || !onScreen) return null;
  return (
    <button type="button" className="banner-action" onClick={() => focusSettingField(setting)}>
      Go to {label}
    </button>
  );
}
