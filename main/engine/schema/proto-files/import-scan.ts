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

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  for (let match = tokenPattern.exec(source); match !== null; match = tokenPattern.exec(source)) {
    const [, skipped, quoted, identifier, symbol] = match;
    if (skipped !== undefined) continue;
    if (quoted !== undefined) {
      const body = quoted.slice(1, quoted.endsWith(quoted[0]!) && quoted.length > 1 ? -1 : undefined);
      tokens.push({ kind: 'string', text: body.replace(/\\(.)/g, '$1'), offset: match.index });
    } else if (identifier !== undefined) {
      tokens.push({ kind: 'identifier', text: identifier, offset: match.index });
    } else {
      tokens.push({ kind: 'symbol', text: symbol!, offset: match.index });
    }
  }
  return tokens;
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

/** The files a .proto source imports (plain, `public` and `weak` imports), in order. */
export function scanImports(source: string): ImportStatement[] {
  const imports: ImportStatement[] = [];
  const tokens = tokenize(source);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const previous = tokens[i - 1]?.text;
    const startsStatement = previous === undefined || previous === ';' || previous === '}';
    if (token.kind !== 'identifier' || token.text !== 'import' || !startsStatement) continue;
    let j = i + 1;
    if (tokens[j]?.kind === 'identifier' && (tokens[j]!.text === 'public' || tokens[j]!.text === 'weak')) j++;
    // Adjacent string literals concatenate, as in C.
    let name = '';
    while (tokens[j]?.kind === 'string') name += tokens[j++]!.text;
    if (name !== '' && tokens[j]?.text === ';') imports.push({ name, ...lineAndColumn(source, token.offset) });
  }
  return imports;
}
