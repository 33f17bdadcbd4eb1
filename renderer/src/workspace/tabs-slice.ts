/**
 * The open requests. This first cut holds ONE tab — the editor as it always was — behind the
 * interface the sidebar, the history and the grpcurl paste build on; several tabs, their
 * persistence and Save come next (issue 10).
 */
import type { RequestDraft, TabOrigin } from '../../../shared/api';
import type { SliceContext } from '../store/slice';

export interface TabSummary {
  id: string;
  title: string;
  /** The draft differs from what its file holds (or it was never saved). */
  dirty: boolean;
  origin?: TabOrigin;
}

export interface TabsSlice {
  tabs: TabSummary[];
  activeTabId: string;
  /** Opens the request in a tab and makes it active (the tab of the same file when one is open); returns its id. */
  openRequestTab(draft: RequestDraft, options?: { origin?: TabOrigin }): string;
}

export function createTabsSlice({ set, get, newId }: SliceContext): TabsSlice {
  const firstTab = newId('tab');
  return {
    tabs: [{ id: firstTab, title: 'Untitled request', dirty: false }],
    activeTabId: firstTab,

    openRequestTab(draft, options = {}) {
      const { activeTabId } = get();
      get().clearCall();
      get().loadDraft(draft);
      set({
        tabs: [
          {
            id: activeTabId,
            title: draft.name || 'Untitled request',
            dirty: false,
            ...(options.origin ? { origin: options.origin } : {}),
          },
        ],
      });
      return activeTabId;
    },
  };
}
