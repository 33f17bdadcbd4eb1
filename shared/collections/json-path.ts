/**
 * The JSONPath subset captures use: `$`, `.name`, `['name']` / `["name"]` and `[index]`
 * (negative counts from the end), e.g. `$.users[0].id`.
 */
import { WorkbenchError } from '../api/errors';

export type PathSegment = string | number;

const token = /\.([A-Za-z_$][A-Za-z0-9_$-]*)|\[(-?\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;

export function parseJsonPath(path: string): PathSegment[] {
  const text = path.trim();
  if (!text.startsWith('$')) throw badPath(path, 'it must start with $');
  const segments: PathSegment[] = [];
  token.lastIndex = 1;
  while (token.lastIndex < text.length) {
    const at = token.lastIndex;
    const match = token.exec(text);
    if (match === null) throw badPath(path, `unexpected "${text.slice(at)}"`);
    const [, name, index, single, double] = match;
    if (index !== undefined) segments.push(Number(index));
    else segments.push((name ?? single ?? double ?? '').replace(/\\(.)/g, '$1'));
  }
  return segments;
}

function badPath(path: string, why: string): WorkbenchError {
  return new WorkbenchError('bad_input', `Invalid JSONPath "${path}": ${why}.`, {
    subject: path,
    hint: 'Use $, .field, [index] or ["field"], e.g. $.users[0].id.',
  });
}

/** The value at the path, or undefined when any step is missing. */
export function evaluateJsonPath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of parseJsonPath(path)) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment < 0 ? current.length + segment : segment];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}
