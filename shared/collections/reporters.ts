/**
 * The runner's reports: text like a test runner (one line per request, the failed expectations
 * with expected vs actual, the summary `N passed, N failed`), a JSON document, and JUnit XML for
 * CI systems (Jenkins, GitLab, GitHub test reporters).
 */
import { formatDurationMs } from '../duration';
import type { RequestResult, RunReport } from './run-report';

const MARK: Record<RequestResult['verdict'], string> = {
  passed: '✓',
  failed: '✗',
  transport: '✗',
  schema: '✗',
  skipped: '-',
};

function statusLabel(result: RequestResult): string {
  if (result.verdict === 'skipped') return 'skipped';
  if (result.verdict === 'transport') return 'transport error';
  if (result.verdict === 'schema') return 'schema error';
  return result.status?.name ?? '';
}

export function formatRunText(report: RunReport): string {
  const lines: string[] = [];
  for (const problem of report.problems) lines.push(`error: ${problem.message}`);
  for (const result of report.results) {
    const time = result.verdict === 'skipped' ? '' : `  ${formatDurationMs(result.timeMs)}`;
    lines.push(`${MARK[result.verdict]} ${result.name}  ${statusLabel(result)}${time}`);
    if (result.error !== undefined && result.verdict !== 'passed') lines.push(`    ${result.error}`);
    for (const check of result.expectations.filter((entry) => !entry.passed)) {
      lines.push(`    ${check.check}`, `      expected: ${check.expected}`, `      actual:   ${check.actual}`);
    }
  }
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return `${lines.join('\n')}\n`;
}

/** The JSON report (`--output json`, `--reporter json=FILE`): versioned, stable field names. */
export function runReportToJson(report: RunReport): Record<string, unknown> {
  return {
    version: 1,
    exitStatus: report.exitStatus,
    ...(report.collection === undefined ? {} : { collection: report.collection }),
    ...(report.environment === undefined ? {} : { environment: report.environment }),
    summary: { passed: report.passed, failed: report.failed, skipped: report.skipped, durationMs: report.durationMs },
    problems: report.problems,
    results: report.results,
  };
}

export function formatRunJson(report: RunReport): string {
  return `${JSON.stringify(runReportToJson(report), null, 2)}\n`;
}

function xmlEscape(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // Characters XML 1.0 cannot hold at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
  );
}

const attributes = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlEscape(String(value))}"`)
    .join('');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * JUnit XML: a `testsuite` per folder (in run order), a `testcase` per request (`classname` = the
 * folder path, the collection's name for its top level), a `failure` per failed expectation, an
 * `error` for a transport or schema failure, `properties` status, peer, backend and message count.
 */
export function formatJunit(report: RunReport): string {
  const rootName = report.collection?.name ?? 'requests';
  const folders = new Map<string, RequestResult[]>();
  for (const result of report.results) folders.set(result.folder, [...(folders.get(result.folder) ?? []), result]);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const isError = (result: RequestResult) => result.verdict === 'transport' || result.verdict === 'schema';
  const total = (pick: (result: RequestResult) => number) =>
    report.results.reduce((sum, result) => sum + pick(result), 0);
  out.push(
    `<testsuites${attributes({
      name: rootName,
      tests: report.results.length,
      failures: total((result) => (result.verdict === 'failed' ? 1 : 0)),
      errors: total((result) => (isError(result) ? 1 : 0)),
      skipped: report.skipped,
      time: seconds(report.durationMs),
    })}>`,
  );
  for (const [folder, results] of folders) {
    const className = folder === '' ? rootName : folder;
    out.push(
      `  <testsuite${attributes({
        name: className,
        tests: results.length,
        failures: results.filter((result) => result.verdict === 'failed').length,
        errors: results.filter(isError).length,
        skipped: results.filter((result) => result.verdict === 'skipped').length,
        time: seconds(results.reduce((sum, result) => sum + result.timeMs, 0)),
      })}>`,
    );
    for (const result of results) {
      out.push(
        `    <testcase${attributes({ classname: className, name: result.name, time: seconds(result.timeMs) })}>`,
      );
      const properties: [string, string | number][] = [
        ['file', result.path],
        ['method', result.method],
        ...(result.status === undefined ? [] : [['status', result.status.name] as [string, string]]),
        ...(result.peer === undefined ? [] : [['peer', result.peer] as [string, string]]),
        ...(result.backend === undefined ? [] : [['backend', result.backend] as [string, string]]),
        ['messageCount', result.messageCount],
      ];
      out.push('      <properties>');
      for (const [name, value] of properties) out.push(`        <property${attributes({ name, value })}/>`);
      out.push('      </properties>');
      if (result.verdict === 'skipped') out.push('      <skipped/>');
      if (isError(result)) {
        out.push(
          `      <error${attributes({ type: result.verdict, message: result.error ?? result.verdict })}>${xmlEscape(result.error ?? '')}</error>`,
        );
      }
      for (const check of result.expectations.filter((entry) => !entry.passed)) {
        const message = `${check.check}: expected ${check.expected}, actual ${check.actual}`;
        out.push(
          `      <failure${attributes({ type: check.check, message })}>${xmlEscape(`expected: ${check.expected}\nactual: ${check.actual}`)}</failure>`,
        );
      }
      // A request that failed before any check (e.g. a variable an earlier capture did not provide).
      if (result.verdict === 'failed' && result.expectations.every((check) => check.passed)) {
        out.push(`      <failure${attributes({ type: 'request', message: result.error ?? 'failed' })}/>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
