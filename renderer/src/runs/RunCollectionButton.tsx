import { useWorkbench } from '../app/WorkbenchContext';

/** Runs the whole collection with the chosen environment; the run view opens with its live results. */
export function RunCollectionButton({ root, env }: { root: string; env?: string }) {
  const startCollectionRun = useWorkbench((state) => state.startCollectionRun);
  const running = useWorkbench((state) => state.run !== undefined && state.run.phase !== 'ended');
  return (
    <button
      type="button"
      disabled={running}
      title={env ? `Run every request with environment ${env}` : 'Run every request (no environment)'}
      onClick={() => void startCollectionRun({ root, paths: [], ...(env === undefined ? {} : { env }) })}
    >
      Run collection
    </button>
  );
}
