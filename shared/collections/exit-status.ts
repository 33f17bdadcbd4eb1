/**
 * The runner's exit status (docs/collections.md): 0 all passed; 1 an expectation failed; 2 a call
 * could not complete (transport); 3 usage or collection error; 4 unresolved variable or secret;
 * 5 schema could not be resolved. Before sending, the checks stop the run with 3 (over 4); once
 * running, the most severe of what happened wins: 5 over 2 over 1. A request that needs a value an
 * earlier capture failed to provide fails (1): the variable was not missing before the run.
 */

export const EXIT_PASSED = 0;
export const EXIT_EXPECTATION_FAILED = 1;
export const EXIT_TRANSPORT = 2;
export const EXIT_USAGE = 3;
export const EXIT_UNRESOLVED = 4;
export const EXIT_SCHEMA = 5;

export type RunExitStatus = 0 | 1 | 2 | 3 | 4 | 5;

/** How one request of a run ended. */
export type RequestVerdict = 'passed' | 'failed' | 'transport' | 'schema' | 'skipped';

/** A problem found before anything was sent. */
export type PreflightProblemKind = 'usage' | 'unresolved';

const runningSeverity: readonly [RequestVerdict, RunExitStatus][] = [
  ['schema', EXIT_SCHEMA],
  ['transport', EXIT_TRANSPORT],
  ['failed', EXIT_EXPECTATION_FAILED],
];

export function runExitStatus(
  preflight: readonly PreflightProblemKind[],
  verdicts: readonly RequestVerdict[],
): RunExitStatus {
  if (preflight.includes('usage')) return EXIT_USAGE;
  if (preflight.includes('unresolved')) return EXIT_UNRESOLVED;
  for (const [verdict, status] of runningSeverity) if (verdicts.includes(verdict)) return status;
  return EXIT_PASSED;
}
