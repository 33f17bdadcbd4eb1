import { useMemo } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import type { DraftScope } from './draft-variables';
import { selectDraftScope } from './environments-slice';

/** The active request's variable scope, recomputed only when one of its inputs changes. */
export function useDraftScope(): DraftScope {
  const tabs = useWorkbench((state) => state.tabs);
  const activeTabId = useWorkbench((state) => state.activeTabId);
  const openCollections = useWorkbench((state) => state.openCollections);
  const secretStatuses = useWorkbench((state) => state.secretStatuses);
  return useMemo(
    () => selectDraftScope({ tabs, activeTabId, openCollections, secretStatuses }),
    [tabs, activeTabId, openCollections, secretStatuses],
  );
}
