import { useEffect, type MouseEvent } from 'react';
import { useWorkbench, useWorkbenchStore } from '../app/WorkbenchContext';
import type { WorkbenchStore } from '../store/create-store';
import { Dialog } from './Dialog';
import './workspace.css';

/**
 * The open requests as tabs: title, unsaved-changes dot, close (button, middle click, Ctrl/Cmd+W —
 * asking first when the tab has unsaved changes), Ctrl+Tab / Ctrl+Shift+Tab to cycle, "+" for a new
 * tab, Ctrl/Cmd+S and Shift+Ctrl/Cmd+S to save. It also saves the workspace at once when the page
 * is hidden or closed (the debounce would otherwise lose the last keystrokes).
 */
export function TabBar() {
  const tabs = useWorkbench((state) => state.tabs);
  const activeTabId = useWorkbench((state) => state.activeTabId);
  const activateTab = useWorkbench((state) => state.activateTab);
  const askCloseTab = useWorkbench((state) => state.askCloseTab);
  const newTab = useWorkbench((state) => state.newTab);
  const store = useWorkbenchStore();
  useTabShortcuts(store);
  useFlushWorkspaceWhenHidden(store);

  const closeOnMiddleClick = (id: string) => (event: MouseEvent) => {
    if (event.button !== 1) return;
    event.preventDefault();
    askCloseTab(id);
  };

  return (
    <nav className="tab-bar" aria-label="Open requests">
      <ul className="tab-list">
        {tabs.map((tab) => {
          const active = tab.id === activeTabId;
          return (
            <li
              key={tab.id}
              className={`request-tab${active ? ' active' : ''}`}
              onAuxClick={closeOnMiddleClick(tab.id)}
              // Middle button down would start the browser's autoscroll.
              onMouseDown={(event) => event.button === 1 && event.preventDefault()}
            >
              <button
                type="button"
                className="request-tab-button"
                aria-current={active ? 'page' : undefined}
                title={tab.origin ? `${tab.origin.root}/${tab.origin.path}` : tab.title}
                onClick={() => activateTab(tab.id)}
              >
                <span className="request-tab-title">{tab.title}</span>
                {tab.dirty ? (
                  <span className="dirty-dot" role="img" aria-label="unsaved changes" title="Unsaved changes" />
                ) : null}
              </button>
              <button
                type="button"
                className="request-tab-close"
                aria-label={`Close ${tab.title}`}
                title="Close (Ctrl+W)"
                onClick={() => askCloseTab(tab.id)}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="new-tab" aria-label="New tab" title="New tab" onClick={() => newTab()}>
        +
      </button>
      <CloseUnsavedDialog />
    </nav>
  );
}

function CloseUnsavedDialog() {
  const closing = useWorkbench((state) => state.tabs.find((tab) => tab.id === state.closingTabId));
  const closeTab = useWorkbench((state) => state.closeTab);
  const cancelCloseTab = useWorkbench((state) => state.cancelCloseTab);
  const saveAndCloseTab = useWorkbench((state) => state.saveAndCloseTab);
  if (!closing) return null;
  return (
    <Dialog title="Close with unsaved changes?" role="alertdialog" onCancel={cancelCloseTab}>
      <p>
        <strong>{closing.title}</strong> has changes that are not saved
        {closing.origin ? ` to ${closing.origin.path}` : ' to any collection'}. Closing the tab discards them.
      </p>
      <div className="dialog-actions">
        <button type="button" data-autofocus onClick={cancelCloseTab}>
          Keep open
        </button>
        {closing.origin ? (
          <button type="button" onClick={() => void saveAndCloseTab(closing.id)}>
            Save and close
          </button>
        ) : null}
        <button type="button" className="danger" onClick={() => closeTab(closing.id)}>
          Close without saving
        </button>
      </div>
    </Dialog>
  );
}

/** Window-wide keys, caught before the editor (Monaco) sees them. */
function useTabShortcuts(store: WorkbenchStore) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod || event.altKey) return;
      const state = store.getState();
      // A dialog open: its own keys only.
      if (state.closingTabId !== undefined || state.saveAsOpen) return;
      const key = event.key.toLowerCase();
      if (key === 'tab' && event.ctrlKey) state.cycleTab(event.shiftKey ? -1 : 1);
      else if (key === 'w' && !event.shiftKey) state.askCloseTab(state.activeTabId);
      else if (key === 's' && event.shiftKey) state.openSaveAs();
      else if (key === 's') void state.saveActiveTab();
      else return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [store]);
}

function useFlushWorkspaceWhenHidden(store: WorkbenchStore) {
  useEffect(() => {
    const flush = () => void store.getState().flushWorkspace();
    const onVisibility = () => document.visibilityState === 'hidden' && flush();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [store]);
}
