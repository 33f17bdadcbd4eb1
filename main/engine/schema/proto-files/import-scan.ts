/**
 * Finds the `import` statements of a .proto file without compiling it, so we can stage exactly the
 * files a compile needs (the targets and what they import) instead of every file under every import
 * path. A tokenizer rather than a line regex: imports inside comments or strings must not count.
 */

export interface ImportStatement {
  /** The imported file name as written, e.g. `google/api/annotations.proto`. */
  name: string;
  /** 1-based position of the `import` keyword (where protoc reports import errors). */
  line: number;
  column: number;
}

interface Token {
  kind: 'identifier' | 'string' | 'symbol';
  text: string;
  offset: number;
}

// One sticky pattern per token class; group order = kind. Whitespace and comments are skipped.
const tokenPattern =
  /(\s+|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|("(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)|([A-Za-z_][\w.]*)|([\s\S])/y;

/** The next token from `offset` on (whitespace and comments skipped), or undefined at the end. */
function tokenAt(source: string, offset: number): (Token & { end: number }) | undefined {
  tokenPattern.lastIndex = offset;
  for (let match = tokenPattern.exec(source); match !== null; match = tokenPattern.exec(source)) {
    const [, skipped, quoted, identifier, symbol] = match;
    if (skipped !== undefined) continue;
    const end = tokenPattern.lastIndex;
    if (quoted !== undefined) {
      const body = quoted.slice(1, quoted.endsWith(quoted[0]!) && quoted.length > 1 ? -1 : undefined);
      return { kind: 'string', text: body.replace(/\\(.)/g, '$1'), offset: match.index, end };
    }
    if (identifier !== undefined) return { kind: 'identifier', text: identifier, offset: match.index, end };
    return { kind: 'symbol', text: symbol!, offset: match.index, end };
  }
  return undefined;
}

/**
 * What can hide or be an `import`: comments, strings, and the keyword itself (not part of a longer
 * identifier such as `foo.import` or `imports`). Everything between matches is other tokens, of
 * which only the last character matters (does the `import` start a statement?). Searching for these
 * alone, rather than tokenizing every identifier, keeps a 1 MB file (googleapis' compute.proto) fast.
 */
const candidatePattern =
  /\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|(?<![\w.])import(?![\w.])/g;

/** The last non-whitespace character of `source[from, to)`, if any. */
function lastSignificant(source: string, from: number, to: number): string | undefined {
  for (let i = to - 1; i >= from; i--) if (source.charCodeAt(i) > 32) return source[i];
  return undefined;
}

function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * A copy of `text` that does not keep `source` alive. V8's substrings are slices of the string they
 * come from, so an import name would hold the whole file for as long as the import graph lives —
 * googleapis' compute.proto is 3.9 M characters (7.9 MB as UTF-16), held by Node all the while
 * protoc runs (the cold load's peak memory). Joining its characters builds a new string.
 */
function detached(text: string): string {
  return [...text].join('');
}

/** The files a .proto source imports (plain, `public` and `weak` imports), in order. */
export function scanImports(source: string): ImportStatement[] {
  const imports: ImportStatement[] = [];
  // The previous token's last character: undefined at the start of the file.
  let previous: string | undefined;
  let scanned = 0;
  candidatePattern.lastIndex = 0;
  for (let match = candidatePattern.exec(source); match !== null; match = candidatePattern.exec(source)) {
    previous = lastSignificant(source, scanned, match.index) ?? previous;
    scanned = candidatePattern.lastIndex;
    const first = match[0][0];
    if (first === '/') continue; // a comment: as if whitespace
    if (first === '"' || first === "'") {
      previous = first;
      continue;
    }
    const startsStatement = previous === undefined || previous === ';' || previous === '}';
    previous = 't'; // the keyword, as an identifier, until a statement ends
    if (!startsStatement) continue;
    let token = tokenAt(source, scanned);
    if (token?.kind === 'identifier' && (token.text === 'public' || token.text === 'weak')) {
      token = tokenAt(source, token.end);
    }
    // Adjacent string literals concatenate, as in C.
    let name = '';
    while (token?.kind === 'string') {
      name += token.text;
      token = tokenAt(source, token.end);
    }
    if (name !== '' && token?.text === ';') {
      imports.push({ name: detached(name), ...lineAndColumn(source, match.index) });
      previous = ';';
      scanned = token.end;
      candidatePattern.lastIndex = token.end;
    }
  }
  return imports;
}
