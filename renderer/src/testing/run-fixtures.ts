/** Run results and reports for the run view's tests. */
import type { RequestResult, RunReport } from '../../../shared/collections/run-report';

/** A result of `verdict`; a failed one has a failed status expectation. */
export function result(path: string, verdict: RequestResult['verdict']): RequestResult {
  return {
    path,
    folder: path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '',
    name: path,
    method: 'user.v1.UserService/GetUser',
    verdict,
    status:
      verdict === 'passed' ? { code: 0, name: 'OK', message: '' } : { code: 5, name: 'NOT_FOUND', message: 'no user' },
    backend: 'b1',
    messageCount: 1,
    timeMs: 4,
    expectations:
      verdict === 'failed'
        ? [{ check: 'status', passed: false, expected: 'OK (0)', actual: 'NOT_FOUND (5): no user' }]
        : [],
  };
}

export function report(results: RequestResult[]): RunReport {
  return {
    collection: { name: 'Demo lab', root: '/work/lab' },
    exitStatus: 1,
    problems: [],
    results,
    passed: results.filter((r) => r.verdict === 'passed').length,
    failed: results.filter((r) => r.verdict === 'failed').length,
    skipped: results.filter((r) => r.verdict === 'skipped').length,
    durationMs: 20,
  };
}
