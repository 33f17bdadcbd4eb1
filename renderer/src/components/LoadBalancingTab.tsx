import { lazy, Suspense } from 'react';
import { useClient, useWorkbench } from '../WorkbenchContext';

const LensPanel = lazy(() => import('../lens/LensPanel').then((module) => ({ default: module.LensPanel })));

/** Hosts the load-balancing lens with the current connection, schema and method. */
export function LoadBalancingTab() {
  const client = useClient();
  const connection = useWorkbench((state) => state.connection);
  const schemaId = useWorkbench((state) => (state.schema.status === 'loaded' ? state.schema.value.schemaId : undefined));
  const method = useWorkbench((state) => state.selected);
  if (!connection) return <p className="muted empty-state">Connect to a target to inspect its load balancing.</p>;
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <LensPanel client={client} connection={connection} schemaId={schemaId} method={method} />
    </Suspense>
  );
}
