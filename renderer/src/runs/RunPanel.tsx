import { Fragment, useState } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import type { RequestResult } from '../../../shared/collections/run-report';
import { ErrorBanner } from '../ui/ErrorBanner';
import { downloadText } from './download';
import { failedPaths } from './run-state';
import './runs.css';
import { ColumnHeads } from '../ui/ColumnHeads';

const verdictLabels: Record<RequestResult['verdict'], string> = {
  passed: 'passed',
  failed: 'failed',
  transport: 'could not connect',
  schema: 'schema problem',
  skipped: 'skipped',
};

/** The run view: one row per request as results arrive; Stop, Re-run failed, Export JUnit. */
export function RunPanel() {
  const run = useWorkbench((state) => state.run);
  const open = useWorkbench((state) => state.runViewOpen);
  const runError = useWorkbench((state) => state.runError);
  const stopRun = useWorkbench((state) => state.stopRun);
  const rerunFailed = useWorkbench((state) => state.rerunFailed);
  const exportRunJunit = useWorkbench((state) => state.exportRunJunit);
  const closeRunView = useWorkbench((state) => state.closeRunView);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  if (!run || !open) return null;

  const toggle = (path: string) => {
    const next = new Set(expanded);
    if (!next.delete(path)) next.add(path);
    setExpanded(next);
  };
  const ended = run.phase === 'ended';
  const report = run.report;
  const saveJunit = async () => {
    const exported = await exportRunJunit();
    if (exported) downloadText(exported.xml, exported.fileName);
  };

  return (
    <section className="run-panel floating-panel" role="dialog" aria-label="Collection run">
      <header className="panel-header">
        <h2>Run{run.env ? ` · ${run.env}` : ''}</h2>
        <span className="muted" role="status">
          {ended
            ? report
              ? `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped in ${report.durationMs} ms`
              : 'ended'
            : `running… ${run.done}${run.total === undefined ? '' : ` of ${run.total}`}`}
        </span>
        <span className="spacer" />
        <button type="button" disabled={ended} onClick={() => void stopRun()}>
          Stop
        </button>
        <button type="button" disabled={!ended || failedPaths(run).length === 0} onClick={() => void rerunFailed()}>
          Re-run failed
        </button>
        <button type="button" disabled={!ended || report === undefined} onClick={() => void saveJunit()}>
          Export JUnit
        </button>
        <button type="button" className="icon-button" aria-label="Close run" onClick={closeRunView}>
          ×
        </button>
      </header>
      {run.error ? <ErrorBanner error={run.error} /> : null}
      {runError ? <ErrorBanner error={runError} /> : null}
      {report?.problems.length ? (
        <ul className="run-problems" aria-label="Problems">
          {report.problems.map((problem) => (
            <li key={problem.message}>{problem.message}</li>
          ))}
        </ul>
      ) : null}
      <table className="run-results">
        <ColumnHeads columns={['Request', 'Result', 'Status', 'Time', 'Backend']} />
        <tbody>
          {run.results.map((result) => (
            <Fragment key={result.path}>
              <tr className={`run-row run-${result.verdict}`}>
                <th scope="row">
                  <button
                    type="button"
                    className="link-button"
                    aria-expanded={expanded.has(result.path)}
                    onClick={() => toggle(result.path)}
                  >
                    {result.name}
                  </button>
                  <div className="muted">{result.path}</div>
                </th>
                <td>{verdictLabels[result.verdict]}</td>
                <td>{result.status ? `${result.status.name} (${result.status.code})` : '—'}</td>
                <td>{result.timeMs} ms</td>
                <td>{result.backend ?? '—'}</td>
              </tr>
              {expanded.has(result.path) ? (
                <tr className="run-details">
                  <td colSpan={5}>
                    <RunResultDetails result={result} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A request's failed expectations (expected vs actual) and what came back. */
function RunResultDetails({ result }: { result: RequestResult }) {
  const failed = result.expectations.filter((expectation) => !expectation.passed);
  return (
    <div className="run-result-details">
      {result.error ? <p className="field-problem">{result.error}</p> : null}
      {failed.length > 0 ? (
        <table className="variables-table" aria-label={`Failed expectations of ${result.name}`}>
          <ColumnHeads columns={['Check', 'Expected', 'Actual']} />
          <tbody>
            {failed.map((expectation) => (
              <tr key={expectation.check}>
                <th scope="row">{expectation.check}</th>
                <td>
                  <code>{expectation.expected}</code>
                </td>
                <td>
                  <code>{expectation.actual}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{result.expectations.length} expectations, all passed.</p>
      )}
      <p className="muted">
        {result.method} ·{' '}
        {result.status
          ? `${result.status.name}${result.status.message ? `: ${result.status.message}` : ''}`
          : 'no status'}{' '}
        · {result.messageCount} {result.messageCount === 1 ? 'message' : 'messages'}
        {result.peer ? ` · peer ${result.peer}` : ''}
      </p>
    </div>
  );
}
