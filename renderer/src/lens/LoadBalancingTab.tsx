import { lazy, Suspense, useMemo } from 'react';
import { parseDeadline } from '../request/deadline';
import { checkMetadataRows } from '../request/metadata-rows';
import { useClient, useWorkbench } from '../app/WorkbenchContext';

const LensPanel = lazy(() => import('./LensPanel').then((module) => ({ default: module.LensPanel })));

/**
 * Hosts the load-balancing lens with the current connection, schema and method, and the request
 * editor's metadata and deadline, so a burst authenticates and times out like the single call.
 */
export function LoadBalancingTab() {
  const client = useClient();
  const connection = useWorkbench((state) => state.connection);
  const schemaId = useWorkbench((state) =>
    state.schema.status === 'loaded' ? state.schema.value.schemaId : undefined,
  );
  const method = useWorkbench((state) => state.selected);
  const metadataRows = useWorkbench((state) => state.metadataRows);
  const deadlineText = useWorkbench((state) => state.deadlineText);
  const metadata = useMemo(() => checkMetadataRows(metadataRows).entries, [metadataRows]);
  const deadlineMs = useMemo(() => {
    const deadline = parseDeadline(deadlineText);
    return deadline.ok ? deadline.value : undefined;
  }, [deadlineText]);
  if (!connection) return <p className="muted empty-state">Connect to a target to inspect its load balancing.</p>;
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <LensPanel
        client={client}
        connection={connection}
        schemaId={schemaId}
        method={method}
        metadata={metadata}
        deadlineMs={deadlineMs}
      />
    </Suspense>
  );
}
