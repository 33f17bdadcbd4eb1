/**
 * Edits of a request's `expect` as the form makes them: each setter returns the new value with
 * empty entries left out (an empty `expect` is none at all), and the YAML view's text ↔ value,
 * checked against the collections' schema so what the form and YAML write is what a file holds.
 */
import { parse, stringify } from 'yaml';
import { expectationsSchema, type Expectations } from '../../../shared/collections/request';
import { withOptionalText } from '../request/request-draft';

/** `expect` (or one of its objects) without empty entries; undefined when nothing is left. */
export function compactExpectations<T extends object>(expect: T): T | undefined {
  const entries = Object.entries(expect).filter(([, value]) => {
    if (value === undefined) return false;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return Object.keys(value).length > 0;
    return true;
  });
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

/** Sets a top-level text entry (`status`, `within`); empty text removes it. A status that is a number is kept as one. */
export function withExpectText(
  expect: Expectations | undefined,
  key: 'status' | 'within',
  text: string,
): Expectations | undefined {
  const value = key === 'status' && /^\d+$/.test(text.trim()) ? Number(text.trim()) : text;
  if (typeof value === 'number') return compactExpectations({ ...expect, status: value });
  return compactExpectations(withOptionalText({ ...expect }, key, value));
}

/** Sets `message.partial` (JSON text); empty removes it. */
export function withPartialMessage(expect: Expectations | undefined, text: string): Expectations | undefined {
  const message = compactExpectations(withOptionalText({ ...expect?.message }, 'partial', text));
  return compactExpectations({ ...expect, message });
}

/** Sets `messages.count` from text: a whole number, or empty to remove it. */
export function withMessageCount(expect: Expectations | undefined, text: string): Expectations | undefined {
  const { count: _previous, ...rest } = expect?.messages ?? {};
  const messages = text.trim() === '' ? rest : { ...rest, count: Number(text.trim()) };
  return compactExpectations({ ...expect, messages: compactExpectations(messages) });
}

export type MapKey = 'headers' | 'trailers' | 'capture';

/** Replaces one of the name → text maps from the form's rows (rows without a name are left out). */
export function withMap(
  expect: Expectations | undefined,
  key: MapKey,
  rows: readonly { name: string; value: string }[],
): Expectations | undefined {
  const previous: Record<string, unknown> = expect?.[key] ?? {};
  const map: Record<string, unknown> = {};
  for (const { name, value } of rows) if (name.trim() !== '') map[name.trim()] = value;
  // A check the form cannot show (matches, exists) is kept as it was unless its row was edited.
  for (const [name, check] of Object.entries(previous))
    if (typeof check !== 'string' && !(name in map)) map[name] = check;
  return compactExpectations({ ...expect, [key]: map });
}

/** Sets the `lb` burst check; `undefined` removes it. */
export function withLb(expect: Expectations | undefined, lb: Expectations['lb']): Expectations | undefined {
  return compactExpectations({ ...expect, lb });
}

export function expectationsToYaml(expect: Expectations | undefined): string {
  return expect === undefined ? '' : stringify(expect);
}

/** The YAML view's text as `expect`, or what is wrong with it (a YAML error with its line, or the field at fault). */
export function yamlToExpectations(
  text: string,
): { ok: true; value: Expectations | undefined } | { ok: false; error: string } {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (parsed === null || parsed === undefined) return { ok: true, value: undefined };
  const checked = expectationsSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    return { ok: false, error: `${issue.path.join('.') || 'expect'}: ${issue.message}` };
  }
  return { ok: true, value: compactExpectations(checked.data) };
}
