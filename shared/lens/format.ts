import type { BurstReport } from '../api';
import { nameSettings } from '../settings';
import { percent } from './verdict';

/** The `--output json` shape of a burst, with exactly these keys (issue 4): scripts parse it. */
export interface BurstReportJson {
  calls: number;
  ok: number;
  errors: Record<string, number>;
  qps: number;
  /** Latencies are of successful calls: null for a backend with no hits. */
  backends: {
    id: string;
    calls: number;
    hits: number;
    share: number;
    errors: number;
    p50Ms: number | null;
    p99Ms: number | null;
  }[];
  knownBackends: string[];
  /** Transport connections (subchannels) that carried calls — not channels: one round_robin channel over 3 addresses is 3. */
  connections: number;
  verdict: { kind: BurstReport['verdict']['kind']; text: string };
}

export function burstReportToJson(report: BurstReport): BurstReportJson {
  return {
    calls: report.calls,
    ok: report.ok,
    errors: { ...report.errors },
    qps: round(report.qps, 1),
    backends: report.backends.map((b) => ({
      id: b.id,
      calls: b.calls,
      hits: b.hits,
      share: round(b.share, 4),
      errors: b.errors,
      p50Ms: b.hits === 0 ? null : round(b.p50Ms, 3),
      p99Ms: b.hits === 0 ? null : round(b.p99Ms, 3),
    })),
    knownBackends: [...report.knownBackends],
    connections: report.connections,
    verdict: { kind: report.verdict.kind, text: nameSettings(report.verdict.text, 'cli') },
  };
}

const BAR_WIDTH = 20;

/** A table a terminal shows well (one row per backend, a share bar) followed by the verdict. */
export function formatBurstReportText(report: BurstReport): string {
  const failed = report.calls - report.ok;
  const header =
    `${report.calls} calls · ${report.ok} ok · ${failed} failed · ${round(report.qps, 1)} calls/s · ` +
    `${round(report.durationMs / 1000, 2)} s · ${formatChannelUsage(report)}` +
    (report.cancelled ? ' · cancelled' : '');
  const rows = [
    ['BACKEND', 'CALLS', 'SHARE', '', 'ERRORS', 'P50 ms', 'P90 ms', 'P99 ms'],
    ...report.backends.map((b) => [
      b.id,
      String(b.calls),
      percent(b.share),
      shareBar(b.share),
      b.errors === 0
        ? '0'
        : `${b.errors} (${Object.entries(b.errorsByCode)
            .map(([code, n]) => `${code} ${n}`)
            .join(', ')})`,
      ...(b.hits === 0 ? ['–', '–', '–'] : [b.p50Ms, b.p90Ms, b.p99Ms].map((ms) => ms.toFixed(2))),
    ]),
  ];
  const rightAligned = new Set([1, 2, 5, 6, 7]);
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const table = rows.map((row) =>
    row
      .map((cell, col) => (rightAligned.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd(),
  );
  const attributed = report.backends.reduce((sum, b) => sum + b.errors, 0);
  const errorLine =
    failed === 0
      ? []
      : [
          `Errors: ${Object.entries(report.errors)
            .map(([code, n]) => `${code} ${n}`)
            .join(', ')}` + (failed > attributed ? ` (${failed - attributed} with no backend)` : ''),
        ];
  return [
    header,
    '',
    ...table,
    ...errorLine,
    '',
    `Verdict: ${report.verdict.kind.toUpperCase()}`,
    nameSettings(report.verdict.text, 'cli'),
    '',
  ].join('\n');
}

/** "3 connections", or "1 channel, 3 connections" when channels and connections differ (round_robin). */
export function formatChannelUsage(report: BurstReport): string {
  const connections = countText(report.connections, 'connection');
  return report.channels === undefined || report.channels === report.connections
    ? connections
    : `${countText(report.channels, 'channel')}, ${connections}`;
}

function countText(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function shareBar(share: number): string {
  const filled = Math.round(share * BAR_WIDTH);
  return '█'.repeat(filled) + '·'.repeat(BAR_WIDTH - filled);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
