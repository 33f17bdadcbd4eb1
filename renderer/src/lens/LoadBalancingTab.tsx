import { lazy, Suspense, useMemo } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import { selectSchemaId } from '../connection/connection-slice';
import { parseDeadline } from '../request/deadline';
import { checkMetadataMap } from '../request/request-draft';
import { selectSelectedMethod } from '../services/services-slice';
import { ScenarioPicker } from './ScenarioPicker';

const LensPanel = lazy(() => import('./LensPanel').then((module) => ({ default: module.LensPanel })));

/**
 * Hosts the load-balancing lens with the current connection, schema and method, and the request
 * draft's metadata and deadline, so a burst authenticates and times out like the single call.
 */
export function LoadBalancingTab() {
  const connection = useWorkbench((state) => state.connection);
  const schemaId = useWorkbench(selectSchemaId);
  const method = useWorkbench(selectSelectedMethod);
  const draftMetadata = useWorkbench((state) => state.draft.metadata);
  const deadlineText = useWorkbench((state) => state.draft.deadline ?? '');
  const metadata = useMemo(() => checkMetadataMap(draftMetadata).entries, [draftMetadata]);
  const deadlineMs = useMemo(() => {
    const deadline = parseDeadline(deadlineText);
    return deadline.ok ? deadline.value : undefined;
  }, [deadlineText]);
  return (
    <>
      <ScenarioPicker />
      {connection ? (
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <LensPanel
            connection={connection}
            schemaId={schemaId}
            method={method}
            metadata={metadata}
            deadlineMs={deadlineMs}
          />
        </Suspense>
      ) : (
        <p className="muted empty-state">Connect to a target to inspect its load balancing.</p>
      )}
    </>
  );
}
