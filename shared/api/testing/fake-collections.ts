/**
 * The collections rows of the fake service: each records its params; a run ends at once with an
 * empty report (run-end only), so hosts and transports can be seen delivering run events; the
 * rest are not implemented (the engine's own tests cover them against real folders).
 */
import type { OperationName, WorkbenchApi, WorkbenchEvent } from '../operations';
import { WorkbenchError } from '../errors';

const notImplemented = [
  'openCollection',
  'readCollectionEntry',
  'writeCollectionEntry',
  'createCollectionEntry',
  'renameCollectionEntry',
  'moveCollectionEntry',
  'deleteCollectionEntry',
  'watchCollection',
  'unwatchCollection',
  'secretStatus',
  'setSecret',
  'deleteSecret',
  'cancelRun',
  'exportRunJunit',
  'exportGrpcurl',
  'importGrpcurl',
] as const satisfies readonly OperationName[];
type NotImplemented = (typeof notImplemented)[number];

export function fakeCollectionOperations(
  record: (op: string, params: unknown) => void,
  emit: (event: WorkbenchEvent) => void,
): Pick<WorkbenchApi, NotImplemented | 'startRun'> {
  const rows = Object.fromEntries(
    notImplemented.map((op) => [
      op,
      async (params: unknown) => {
        record(op, params);
        throw new WorkbenchError('internal', `The fake service does not implement ${op}`);
      },
    ]),
  ) as unknown as Pick<WorkbenchApi, NotImplemented>;
  return {
    ...rows,
    async startRun(params) {
      record('startRun', params);
      const { runId } = params;
      const report = {
        exitStatus: 0 as const,
        problems: [],
        results: [],
        passed: 0,
        failed: 0,
        skipped: 0,
        durationMs: 0,
      };
      void Promise.resolve().then(() => emit({ type: 'run-end', runId, report }));
      return { runId };
    },
  };
}
