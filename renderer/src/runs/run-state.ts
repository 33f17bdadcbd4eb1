/**
 * One collection run as the run view shows it, and the pure fold of its events: a row per
 * request as `run-progress` arrives (a re-run replaces nothing: it is a new run), then the report.
 */
import type { CollectionEvent, WorkbenchErrorData } from '../../../shared/api';
import type { RequestResult, RunReport } from '../../../shared/collections/run-report';

export interface RunRequest {
  root: string;
  /** Collection paths of folders or request files; empty: the whole collection. */
  paths: readonly string[];
  env?: string;
}

export interface RunView extends RunRequest {
  runId: string;
  phase: 'starting' | 'running' | 'ended';
  results: RequestResult[];
  done: number;
  /** How many requests the run selected (known from the first progress). */
  total?: number;
  report?: RunReport;
  /** startRun refused, or the run broke after starting. */
  error?: WorkbenchErrorData;
}

export function createRunView(runId: string, request: RunRequest): RunView {
  return { ...request, runId, phase: 'starting', results: [], done: 0 };
}

type RunEvent = Extract<CollectionEvent, { runId: string }>;

/** Folds one event of this run into the view; events of other runs leave it as it is. */
export function applyRunEvent(run: RunView, event: RunEvent): RunView {
  if (event.runId !== run.runId) return run;
  if (event.type === 'run-progress') {
    return { ...run, phase: 'running', results: [...run.results, event.result], done: event.done, total: event.total };
  }
  // The report holds every result, skipped ones included (progress never reports those).
  return {
    ...run,
    phase: 'ended',
    report: event.report,
    results: event.report.results.length > 0 ? event.report.results : run.results,
    done: event.report.results.length > 0 ? event.report.results.length : run.done,
    ...(event.error === undefined ? {} : { error: event.error }),
  };
}

/** The paths of the requests that did not pass, for "Re-run failed". */
export function failedPaths(run: RunView): string[] {
  return run.results.filter((result) => result.verdict !== 'passed' && result.verdict !== 'skipped').map((r) => r.path);
}

/** startRun's `paths` and `cwd` for a run of collection paths (relative to the collection folder). */
export function runLocation(request: RunRequest): { cwd: string; paths: string[] } {
  return { cwd: request.root, paths: request.paths.length === 0 ? ['.'] : [...request.paths] };
}
