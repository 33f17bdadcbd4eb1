/**
 * Collection runs from the app: start one (the sidebar's "Run" on a collection or folder, the
 * header's Run button), follow its progress by its client-chosen id, stop it, re-run the failed
 * requests, and export its JUnit as a download.
 */
import type { WorkbenchErrorData } from '../../../shared/api';
import type { SliceContext } from '../store/slice';
import { toErrorInfo } from '../ui/error-info';
import { applyRunEvent, createRunView, failedPaths, runLocation, type RunRequest, type RunView } from './run-state';

export interface RunsSlice {
  /** The run the run view shows (the last one started). */
  run?: RunView;
  /** The run view is open. */
  runViewOpen: boolean;
  /** A failure of Stop or Export JUnit. */
  runError?: WorkbenchErrorData;
  startCollectionRun(request: RunRequest): Promise<void>;
  stopRun(): Promise<void>;
  rerunFailed(): Promise<void>;
  /** The finished run's JUnit XML and its suggested file name. */
  exportRunJunit(): Promise<{ xml: string; fileName: string } | undefined>;
  closeRunView(): void;
}

export function createRunsSlice({ set, get, client, newId, onDispose }: SliceContext): RunsSlice {
  let unsubscribe: (() => void) | undefined;
  onDispose(() => unsubscribe?.());
  const update = (runId: string, change: (run: RunView) => RunView) => {
    const { run } = get();
    if (run?.runId === runId) set({ run: change(run) });
  };

  return {
    runViewOpen: false,

    async startCollectionRun(request) {
      const previous = get().run;
      if (previous && previous.phase !== 'ended')
        void client.cancelRun({ runId: previous.runId }).catch(() => undefined);
      unsubscribe?.();
      const runId = newId('run');
      set({ run: createRunView(runId, request), runViewOpen: true, runError: undefined });
      // Subscribe first: no event of the run can arrive before someone listens.
      const stop = client.subscribe(runId, (event) => {
        if (event.type !== 'run-progress' && event.type !== 'run-end') return;
        update(runId, (run) => applyRunEvent(run, event));
        if (event.type === 'run-end') stop();
      });
      unsubscribe = stop;
      try {
        await client.startRun({
          runId,
          ...runLocation(request),
          ...(request.env === undefined ? {} : { env: request.env }),
        });
        update(runId, (run) => (run.phase === 'starting' ? { ...run, phase: 'running' } : run));
      } catch (error) {
        stop();
        update(runId, (run) => ({ ...run, phase: 'ended', error: toErrorInfo(error) }));
      }
    },

    async stopRun() {
      const { run } = get();
      if (!run || run.phase === 'ended') return;
      try {
        await client.cancelRun({ runId: run.runId });
      } catch (error) {
        set({ runError: toErrorInfo(error) });
      }
    },

    async rerunFailed() {
      const { run } = get();
      if (!run || run.phase !== 'ended') return;
      const paths = failedPaths(run);
      if (paths.length === 0) return;
      await get().startCollectionRun({ root: run.root, paths, ...(run.env === undefined ? {} : { env: run.env }) });
    },

    async exportRunJunit() {
      const { run } = get();
      if (!run || run.phase !== 'ended') return undefined;
      try {
        return await client.exportRunJunit({ runId: run.runId });
      } catch (error) {
        set({ runError: toErrorInfo(error) });
        return undefined;
      }
    },

    closeRunView() {
      set({ runViewOpen: false });
    },
  };
}
