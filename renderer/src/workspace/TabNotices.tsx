import { lazy, Suspense } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import { ErrorBanner } from '../ui/ErrorBanner';
import type { DiskChange } from './tabs-slice';

// The diff writes both sides as YAML: the YAML library loads with it, not with the first screen.
const DiskDiff = lazy(() => import('./DiskDiff'));

/**
 * What the active tab has to tell: its file changed on disk under unsaved changes (both sides,
 * and the choice), its file went away, its last Save failed; and, for the whole window, a kept
 * workspace that could not be read or saved.
 */
export function TabNotices() {
  const tab = useWorkbench((state) => state.tabs.find((candidate) => candidate.id === state.activeTabId));
  const saveAsOpen = useWorkbench((state) => state.saveAsOpen);
  const notice = useWorkbench((state) => state.workspaceNotice);
  const dismissWorkspaceNotice = useWorkbench((state) => state.dismissWorkspaceNotice);
  return (
    <>
      {notice ? (
        <div className="banner banner-warning workspace-notice" role="status">
          <div className="banner-body">{notice}</div>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismissWorkspaceNotice}>
            ×
          </button>
        </div>
      ) : null}
      {tab?.diskChange ? <DiskChangeBanner tabId={tab.id} change={tab.diskChange} /> : null}
      {tab?.saveError && !saveAsOpen ? <ErrorBanner error={tab.saveError} /> : null}
    </>
  );
}

function DiskChangeBanner({ tabId, change }: { tabId: string; change: DiskChange }) {
  const keepMine = useWorkbench((state) => state.keepMine);
  const takeTheirs = useWorkbench((state) => state.takeTheirs);
  const path = useWorkbench((state) => state.tabs.find((tab) => tab.id === tabId)?.origin?.path);
  if (change.kind === 'removed') {
    return (
      <div className="banner banner-warning disk-change" role="alert">
        <div className="banner-body">
          <strong>{change.path} was deleted on disk.</strong> Your draft is still here, unsaved: Save as (Shift+Ctrl+S)
          puts it in a collection again.
        </div>
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => keepMine(tabId)}>
          ×
        </button>
      </div>
    );
  }
  if (change.kind === 'unreadable') {
    return (
      <div className="banner banner-warning disk-change" role="alert">
        <div className="banner-body">
          <strong>{path} changed on disk and cannot be read</strong> ({change.problem}). Your draft is kept; saving it
          replaces the file.
          <pre className="disk-change-text">{change.text}</pre>
        </div>
        <button type="button" onClick={() => keepMine(tabId)}>
          Keep mine
        </button>
      </div>
    );
  }
  return (
    <div className="banner banner-warning disk-change" role="alert">
      <div className="banner-body">
        <strong>{path} changed on disk</strong> while this tab has unsaved changes. Keep yours (the next Save replaces
        the file) or take the file’s version (your changes are dropped).
        <Suspense fallback={null}>
          <DiskDiff theirs={change.request} tabId={tabId} />
        </Suspense>
        <div className="dialog-actions">
          <button type="button" onClick={() => keepMine(tabId)}>
            Keep mine
          </button>
          <button type="button" onClick={() => takeTheirs(tabId)}>
            Take theirs
          </button>
        </div>
      </div>
    </div>
  );
}
