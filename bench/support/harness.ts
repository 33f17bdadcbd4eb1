/**
 * What every benchmark shares: smoke mode, alternating rounds with medians, and one result line —
 * printed, and appended to bench/results.jsonl (not in smoke mode, which only proves it runs).
 */
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** `npm run bench -- --smoke`: each benchmark once, tiny sizes, never a gate. */
export const smoke = process.env.BENCH_SMOKE === '1';

const resultsFile = resolve(import.meta.dirname, '../../bench/results.jsonl');

/** `value / baseline` must stay at or under `max` (times, bytes) or reach `min` (rates). */
export type Goal = { max: number } | { min: number };

export interface BenchResult {
  name: string;
  value: number;
  baseline: number;
  unit: string;
  goal: Goal;
  /** What `value` and `baseline` are, for the printed line. */
  label: string;
}

export interface RecordedResult {
  name: string;
  value: number;
  baseline: number;
  ratio: number;
  unit: string;
  goal: string;
  pass: boolean;
}

function goalText(goal: Goal): string {
  return 'max' in goal ? `≤ ${goal.max}×` : `≥ ${goal.min}×`;
}

function figure(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 3;
  return `${value.toFixed(digits)} ${unit}`;
}

/** Prints the result; outside smoke mode appends it to results.jsonl and marks a miss in the exit code. */
export function report(result: BenchResult): RecordedResult {
  const ratio = result.baseline === 0 ? Number.POSITIVE_INFINITY : result.value / result.baseline;
  const pass = 'max' in result.goal ? ratio <= result.goal.max : ratio >= result.goal.min;
  const recorded: RecordedResult = {
    name: result.name,
    value: result.value,
    baseline: result.baseline,
    ratio: Number(ratio.toFixed(3)),
    unit: result.unit,
    goal: goalText(result.goal),
    pass,
  };
  const verdict = smoke ? 'smoke' : pass ? 'pass' : 'MISS';
  console.log(
    `${verdict.padEnd(5)} ${result.name.padEnd(28)} ${figure(result.value, result.unit).padStart(14)} vs ${figure(result.baseline, result.unit).padStart(14)}  ratio ${ratio.toFixed(3).padStart(7)} (goal ${goalText(result.goal)})  ${result.label}`,
  );
  if (!smoke) {
    appendFileSync(resultsFile, `${JSON.stringify({ ...recorded, date: new Date().toISOString() })}\n`);
    if (!pass) process.exitCode = 1;
  }
  return recorded;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Rounds in normal mode; one in smoke mode. */
export function rounds(normal: number): number {
  return smoke ? 1 : normal;
}

/**
 * Runs `ours` and `baseline` alternately `count` times (baseline first, so neither always gets the
 * warmer machine) and returns the median of each figure they measure.
 */
export async function alternate<T extends Record<string, number>>(
  count: number,
  ours: () => Promise<T>,
  baseline: () => Promise<T>,
): Promise<{ ours: T; baseline: T }> {
  const oursRuns: T[] = [];
  const baselineRuns: T[] = [];
  for (let round = 0; round < count; round++) {
    baselineRuns.push(await baseline());
    oursRuns.push(await ours());
  }
  const medians = (runs: T[]): T =>
    Object.fromEntries(Object.keys(runs[0]!).map((key) => [key, median(runs.map((run) => run[key]!))])) as T;
  return { ours: medians(oursRuns), baseline: medians(baselineRuns) };
}

/** Milliseconds `run` takes. */
export async function timed(run: () => Promise<unknown>): Promise<number> {
  const begin = performance.now();
  await run();
  return performance.now() - begin;
}
