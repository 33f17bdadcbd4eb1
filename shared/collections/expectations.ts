/**
 * Checks a request's `expect` against what happened: every entry on its own, each with what was
 * expected and what was seen, so a report can show them side by side. Pure: no I/O.
 */
import { parseDurationMs } from '../duration';
import { parseStatusCode, statusName } from '../status-codes';
import { evaluateJsonPath } from './json-path';
import type { BurstOutcome, CallOutcome, ReceivedMetadata } from './outcome';
import type { Expectations } from './request';

export interface ExpectationResult {
  /** Which check, e.g. `status`, `message.partial`, `headers.x-backend`, `lb.verdict`, `capture.userName`. */
  check: string;
  passed: boolean;
  expected: string;
  actual: string;
}

export interface EvaluationResult {
  results: ExpectationResult[];
  /** Values captured from the last message, as text, for `{{name}}` in later requests. */
  captures: Record<string, string>;
}

/** Every check of `expect` against a call outcome (lb excluded: see evaluateLbExpectation). No `status` given means OK. */
export function evaluateExpectations(expect: Expectations | undefined, outcome: CallOutcome): EvaluationResult {
  const results: ExpectationResult[] = [checkStatus(expect?.status ?? 'OK', outcome, expect?.status === undefined)];
  const captures: Record<string, string> = {};
  if (expect === undefined) return { results, captures };
  const messages = outcome.messages;

  if (expect.message?.equals !== undefined)
    results.push(checkJson('message.equals', expect.message.equals, messages[0], messages.length > 0, 'equals'));
  if (expect.message?.partial !== undefined)
    results.push(checkJson('message.partial', expect.message.partial, messages[0], messages.length > 0, 'partial'));

  const count = expect.messages?.count;
  if (count !== undefined) results.push(checkCount(count, messages.length));
  expect.messages?.items?.forEach((item, index) =>
    results.push(
      checkJson(`messages.items[${index}]`, item.partial, messages[index], index < messages.length, 'partial'),
    ),
  );
  const each = expect.messages?.each;
  if (each !== undefined) results.push(checkEach(each.partial, messages));

  for (const [name, check] of Object.entries(expect.headers ?? {}))
    results.push(checkMetadata('headers', name, check, outcome.headers));
  for (const [name, check] of Object.entries(expect.trailers ?? {}))
    results.push(checkMetadata('trailers', name, check, outcome.trailers));

  expect.errorDetails?.forEach((detail, index) =>
    results.push(checkErrorDetail(index, detail, outcome.status.details)),
  );

  if (expect.within !== undefined) results.push(checkWithin(expect.within, outcome.timings.totalMs));

  const last = messages.at(-1);
  for (const [name, path] of Object.entries(expect.capture ?? {})) {
    const { result, value } = checkCapture(name, path, last, messages.length > 0);
    results.push(result);
    if (value !== undefined) captures[name] = value;
  }
  return { results, captures };
}

/** The `lb` checks against a burst of the request: the verdict and how many backends answered. */
export function evaluateLbExpectation(lb: NonNullable<Expectations['lb']>, burst: BurstOutcome): ExpectationResult[] {
  const results: ExpectationResult[] = [];
  const answering = burst.backends.filter((backend) => backend.hits > 0);
  const seen = `${burst.verdict.kind} (${answering.map((b) => `${b.id}: ${b.hits}`).join(', ') || 'no hits'} of ${burst.calls} calls)`;
  if (lb.verdict !== undefined)
    results.push({
      check: 'lb.verdict',
      passed: burst.verdict.kind === lb.verdict,
      expected: lb.verdict,
      actual: seen,
    });
  if (lb.distinctBackends !== undefined) {
    results.push({
      check: 'lb.distinctBackends',
      passed: answering.length >= lb.distinctBackends.min,
      expected: `at least ${lb.distinctBackends.min}`,
      actual: `${answering.length} (${answering.map((b) => b.id).join(', ') || 'none'})`,
    });
  }
  return results;
}

function statusText(code: number, name: string): string {
  return `${name} (${code})`;
}

function checkStatus(expected: string | number, outcome: CallOutcome, implicit: boolean): ExpectationResult {
  const code = typeof expected === 'number' ? expected : parseStatusCode(expected);
  const actual = outcome.failure
    ? `${statusText(outcome.status.code, outcome.status.name)}: ${outcome.failure.message}`
    : statusText(outcome.status.code, outcome.status.name) +
      (outcome.status.message === '' ? '' : `: ${outcome.status.message}`);
  const expectedText =
    code === undefined
      ? `${expected} (not a status code)`
      : statusText(code, statusName(code)) + (implicit ? ' (default)' : '');
  return {
    check: 'status',
    passed: code !== undefined && code === outcome.status.code,
    expected: expectedText,
    actual,
  };
}

function parseExpectedJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

function show(value: unknown): string {
  return value === undefined ? '(nothing)' : JSON.stringify(value);
}

function checkJson(
  check: string,
  expectedText: string,
  actual: unknown,
  present: boolean,
  mode: 'equals' | 'partial',
): ExpectationResult {
  const expected = parseExpectedJson(expectedText);
  const actualText = present ? show(actual) : '(no message)';
  if (!expected.ok)
    return { check, passed: false, expected: `${expectedText.trim()} — ${expected.error}`, actual: actualText };
  const passed =
    present && (mode === 'equals' ? jsonEquals(expected.value, actual) : partialMatch(expected.value, actual));
  return { check, passed, expected: JSON.stringify(expected.value), actual: actualText };
}

function checkCount(count: number | { min?: number; max?: number }, actual: number): ExpectationResult {
  if (typeof count === 'number')
    return { check: 'messages.count', passed: actual === count, expected: String(count), actual: String(actual) };
  const { min, max } = count;
  const parts = [min === undefined ? undefined : `at least ${min}`, max === undefined ? undefined : `at most ${max}`];
  return {
    check: 'messages.count',
    passed: (min === undefined || actual >= min) && (max === undefined || actual <= max),
    expected: parts.filter(Boolean).join(' and ') || 'any',
    actual: String(actual),
  };
}

function checkEach(partialText: string, messages: readonly unknown[]): ExpectationResult {
  const expected = parseExpectedJson(partialText);
  if (!expected.ok) return { check: 'messages.each', passed: false, expected: expected.error, actual: '' };
  const failing = messages.findIndex((message) => !partialMatch(expected.value, message));
  return {
    check: 'messages.each',
    passed: failing === -1,
    expected: `every message matches ${JSON.stringify(expected.value)}`,
    actual: failing === -1 ? `all ${messages.length} match` : `message ${failing}: ${show(messages[failing])}`,
  };
}

type MetadataCheck = string | { matches: string } | { exists: boolean };

function checkMetadata(
  where: 'headers' | 'trailers',
  rawName: string,
  check: MetadataCheck,
  metadata: ReceivedMetadata,
): ExpectationResult {
  const name = rawName.toLowerCase();
  const values = metadata[name] ?? [];
  const actual = values.length === 0 ? '(absent)' : values.join(', ');
  const result = (passed: boolean, expected: string) => ({ check: `${where}.${name}`, passed, expected, actual });
  if (typeof check === 'string') return result(values.includes(check), check);
  if ('exists' in check) return result(values.length > 0 === check.exists, check.exists ? 'present' : 'absent');
  let pattern: RegExp;
  try {
    pattern = new RegExp(check.matches);
  } catch (error) {
    return result(false, `matches /${check.matches}/ — not a valid regular expression: ${String(error)}`);
  }
  return result(
    values.some((value) => pattern.test(value)),
    `matches /${check.matches}/`,
  );
}

function detailType(detail: unknown): string | undefined {
  if (typeof detail !== 'object' || detail === null) return undefined;
  const type = (detail as Record<string, unknown>)['@type'];
  return typeof type === 'string' ? type.slice(type.lastIndexOf('/') + 1) : undefined;
}

function checkErrorDetail(
  index: number,
  expected: { type: string; partial?: string },
  details: readonly unknown[],
): ExpectationResult {
  const check = `errorDetails[${index}]`;
  const actual = details.length === 0 ? '(no details)' : details.map(show).join(', ');
  const partial =
    expected.partial === undefined ? { ok: true as const, value: {} } : parseExpectedJson(expected.partial);
  if (!partial.ok) return { check, passed: false, expected: `${expected.type} — ${partial.error}`, actual };
  const passed = details.some((detail) => detailType(detail) === expected.type && partialMatch(partial.value, detail));
  const expectedText =
    expected.partial === undefined ? expected.type : `${expected.type} ${JSON.stringify(partial.value)}`;
  return { check, passed, expected: expectedText, actual };
}

function checkWithin(within: string, totalMs: number): ExpectationResult {
  let limit: number;
  try {
    limit = parseDurationMs(within);
  } catch (error) {
    return { check: 'within', passed: false, expected: `${within} — ${String(error)}`, actual: `${totalMs}ms` };
  }
  return {
    check: 'within',
    passed: totalMs <= limit,
    expected: `at most ${within}`,
    actual: `${Math.round(totalMs)}ms`,
  };
}

function checkCapture(
  name: string,
  path: string,
  last: unknown,
  present: boolean,
): { result: ExpectationResult; value?: string } {
  const check = `capture.${name}`;
  let value: unknown;
  try {
    value = present ? evaluateJsonPath(last, path) : undefined;
  } catch (error) {
    return {
      result: { check, passed: false, expected: path, actual: error instanceof Error ? error.message : String(error) },
    };
  }
  if (value === undefined)
    return {
      result: {
        check,
        passed: false,
        expected: `a value at ${path}`,
        actual: present ? 'nothing there' : '(no message)',
      },
    };
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return { result: { check, passed: true, expected: `a value at ${path}`, actual: text }, value: text };
}

/**
 * Every field given must match, others are ignored; arrays match element by element with the same
 * length. A number matches the same number as text, since proto3 JSON writes 64-bit integers as
 * strings; beyond 2^53 write the expected value as a string.
 */
export function partialMatch(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => partialMatch(item, actual[index]))
    );
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    return Object.entries(expected).every(
      ([key, value]) => Object.hasOwn(actual, key) && partialMatch(value, (actual as Record<string, unknown>)[key]),
    );
  }
  return scalarEquals(expected, actual);
}

/** Deep equality of JSON values (key order ignored), with the same number-as-text rule as partialMatch. */
export function jsonEquals(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null) {
    if (Array.isArray(expected) !== Array.isArray(actual)) return false;
    const expectedKeys = Object.keys(expected);
    if (expectedKeys.length !== Object.keys(actual).length) return false;
    return partialMatch(expected, actual);
  }
  return scalarEquals(expected, actual);
}

function scalarEquals(expected: unknown, actual: unknown): boolean {
  if (expected === actual) return true;
  // Beyond 2^53 the expected number was already rounded by JSON.parse: only the text form is exact.
  if (typeof expected === 'number' && typeof actual === 'string')
    return Number.isSafeInteger(expected) && String(expected) === actual;
  if (typeof expected === 'string' && typeof actual === 'number') return expected === String(actual);
  return false;
}
