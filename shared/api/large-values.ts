/**
 * Large strings of received messages kept off the page: a host cuts each string longer than
 * ELIDE_STRING_CHARS to its head before an event crosses to the renderer, and names it in
 * `elided` (see ElidedValue); the whole value is fetched when the user copies or saves it.
 */
import type { ElidedValue, ReceivedMessage } from './calls';

/** Longer strings are sent as their head: 64 Ki characters parse in well under a millisecond. */
export const ELIDE_STRING_CHARS = 64 * 1024;
/** What is kept of an elided string: enough for a preview and a search of its start. */
export const ELIDED_HEAD_CHARS = 1024;

/**
 * The message with every string longer than `maxChars` cut to `headChars` and listed in `elided`;
 * the same object when it has none (the common case costs one walk and no copy).
 */
export function elideLargeStrings(
  message: ReceivedMessage,
  maxChars = ELIDE_STRING_CHARS,
  headChars = ELIDED_HEAD_CHARS,
): ReceivedMessage {
  if (message.json === undefined || !hasLongString(message.json, maxChars)) return message;
  const elided: ElidedValue[] = [];
  const cut = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      if (node.length <= maxChars) return node;
      elided.push({ path, length: node.length });
      return node.slice(0, headChars);
    }
    if (Array.isArray(node)) return node.map((item, index) => cut(item, [...path, index]));
    if (typeof node === 'object' && node !== null)
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, cut(value, [...path, key])]));
    return node;
  };
  const json = cut(message.json, []);
  return { ...message, json, elided: [...(message.elided ?? []), ...elided] };
}

function hasLongString(node: unknown, maxChars: number): boolean {
  if (typeof node === 'string') return node.length > maxChars;
  if (typeof node === 'object' && node !== null)
    return Object.values(node).some((value) => hasLongString(value, maxChars));
  return false;
}

/** The value at `path` in a decoded message; undefined when the path leads nowhere. */
export function valueAtPath(json: unknown, path: readonly (string | number)[]): unknown {
  let node = json;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, segment))
      return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
