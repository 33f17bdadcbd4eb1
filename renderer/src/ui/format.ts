/** Small display formatters shared by the views. */
import { formatDurationMs } from '../../../shared/duration';

const countFormat = new Intl.NumberFormat('en-US');

/** 1000000 → "1,000,000". */
export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A duration for display ("3.2ms", "1.25s"), or a dash when it is not known (yet). */
export function formatMs(ms: number | undefined): string {
  return ms === undefined ? '—' : formatDurationMs(ms);
}

/** "1,000,000 received, showing the last 10,000" or "3 received". */
export function describeReceived(total: number, kept: number): string {
  if (total > kept) return `${formatCount(total)} received, showing the last ${formatCount(kept)}`;
  return `${formatCount(total)} received`;
}
