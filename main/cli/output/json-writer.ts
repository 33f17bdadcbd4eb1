/**
 * `JSON.stringify(value, null, 2)`'s exact text, handed to `write` in pieces instead of returned
 * as one string. A response with a 10 MiB `bytes` field holds a 14 MB base64 string: stringifying
 * the document copies it while checking every character for escapes, then the write copies it
 * again; here a long string that needs no escaping (base64 never does) is written as it is, and
 * the rest of the document goes out in chunks of FLUSH_CHARS.
 */

/** Strings at least this long are checked once and, when nothing in them needs escaping, written as they are. */
const RAW_STRING_CHARS = 64 * 1024;
/** The small pieces are gathered into writes of about this size. */
const FLUSH_CHARS = 64 * 1024;
const GAP = '  ';
// What JSON.stringify escapes among ASCII characters: quote, backslash, control characters.
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const ESCAPED_ASCII = /["\\\u0000-\u001f]/;

/**
 * Whether JSON.stringify would change anything in `text` but add the quotes. A string with any
 * non-ASCII character is simply left to JSON.stringify (it escapes lone surrogates): counting
 * UTF-8 bytes finds one faster than a regular expression over surrogates would.
 */
function needsEscaping(text: string): boolean {
  return Buffer.byteLength(text, 'utf8') !== text.length || ESCAPED_ASCII.test(text);
}

export function writeIndentedJson(value: unknown, write: (text: string) => void): void {
  let pending = '';
  const emit = (text: string): void => {
    pending += text;
    if (pending.length < FLUSH_CHARS) return;
    write(pending);
    pending = '';
  };
  const emitString = (text: string): void => {
    if (text.length < RAW_STRING_CHARS || needsEscaping(text)) return emit(JSON.stringify(text));
    write(`${pending}"`);
    write(text);
    pending = '"';
  };
  // The objects being written, outermost first: a cycle fails as JSON.stringify fails.
  const open = new Set<object>();
  const emitValue = (resolved: unknown, margin: string): void => {
    if (typeof resolved === 'string') return emitString(resolved);
    // Numbers, booleans, null (and a bigint, which throws as it does there).
    if (resolved === null || typeof resolved !== 'object') return emit(JSON.stringify(resolved));
    if (open.has(resolved)) throw new TypeError('Converting circular structure to JSON');
    open.add(resolved);
    const inner = margin + GAP;
    if (Array.isArray(resolved)) {
      if (resolved.length === 0) emit('[]');
      else {
        // By index, not forEach: a hole is written as null too.
        for (let index = 0; index < resolved.length; index += 1) {
          emit(index === 0 ? `[\n${inner}` : `,\n${inner}`);
          const element = resolveJsonValue(index.toString(), (resolved as unknown[])[index]);
          if (isOmitted(element)) emit('null');
          else emitValue(element, inner);
        }
        emit(`\n${margin}]`);
      }
    } else {
      let members = 0;
      for (const [key, member] of Object.entries(resolved)) {
        const resolvedMember = resolveJsonValue(key, member);
        if (isOmitted(resolvedMember)) continue;
        emit(`${members === 0 ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `);
        members += 1;
        emitValue(resolvedMember, inner);
      }
      emit(members === 0 ? '{}' : `\n${margin}}`);
    }
    open.delete(resolved);
  };
  const top = resolveJsonValue('', value);
  if (isOmitted(top)) return;
  emitValue(top, '');
  if (pending !== '') write(pending);
}

/** What JSON.stringify writes for a value: its toJSON() if it has one, a boxed primitive unboxed. */
function resolveJsonValue(key: string, value: unknown): unknown {
  let resolved = value;
  if ((typeof resolved === 'object' && resolved !== null) || typeof resolved === 'bigint') {
    const toJSON = (resolved as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') resolved = (toJSON as (key: string) => unknown).call(resolved, key);
  }
  if (resolved instanceof Number) return Number(resolved);
  if (resolved instanceof String) return String(resolved);
  if (resolved instanceof Boolean) return resolved.valueOf();
  return resolved;
}

/** Left out of an object, `null` in an array (JSON.stringify's rule). */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}
