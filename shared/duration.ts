/**
 * Durations as people type them on a command line: Go's syntax ("500ms", "1.5s", "1h30m", "250us",
 * as grpcurl and kubectl take) or plain seconds ("2.5", as grpcurl's -max-time takes).
 */

export class DurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationError';
  }
}

const msPerUnit: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 micro sign, as Go accepts
  μs: 1e-3, // U+03BC Greek mu, as Go accepts
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const plainSeconds = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
const goTerm = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)([a-zµμ]+)/y;
const expected =
  'expected a number with a unit (ns, us, ms, s, m, h), like "500ms", "1.5s" or "1h30m", or plain seconds like "2.5"';

/** Milliseconds (possibly fractional, e.g. 0.25 for "250us"). Negative durations are refused. */
export function parseDurationMs(input: string): number {
  const text = input.trim();
  if (text.startsWith('-')) throw new DurationError(`invalid duration "${input}": a duration cannot be negative`);
  const unsigned = text.startsWith('+') ? text.slice(1) : text;
  if (plainSeconds.test(unsigned)) return Number(unsigned) * 1000;
  if (unsigned === '') throw new DurationError(`invalid duration "${input}": ${expected}`);
  let total = 0;
  goTerm.lastIndex = 0;
  while (goTerm.lastIndex < unsigned.length) {
    const at = goTerm.lastIndex;
    const match = goTerm.exec(unsigned);
    if (match === null) throw new DurationError(`invalid duration "${input}" at "${unsigned.slice(at)}": ${expected}`);
    const [, amount, unit] = match as unknown as [string, string, string];
    const scale = msPerUnit[unit];
    if (scale === undefined)
      throw new DurationError(`invalid duration "${input}": unknown unit "${unit}" (use ns, us, ms, s, m or h)`);
    total += Number(amount) * scale;
  }
  return total;
}

/** Short human form for display: "250µs", "2.5ms", "120ms", "1.25s", "2m 5s", "1h 30m". */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDurationMs(-ms)}`;
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 10) return `${trimDecimals(ms, 1)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${trimDecimals(ms / 1000, 2)}s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) return joinParts([Math.floor(totalSeconds / 60), 'm'], [totalSeconds % 60, 's']);
  const totalMinutes = Math.round(ms / 60_000);
  return joinParts([Math.floor(totalMinutes / 60), 'h'], [totalMinutes % 60, 'm']);
}

function trimDecimals(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}

function joinParts(major: [number, string], minor: [number, string]): string {
  return minor[0] === 0 ? `${major[0]}${major[1]}` : `${major[0]}${major[1]} ${minor[0]}${minor[1]}`;
}
