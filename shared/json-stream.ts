/**
 * Reads a stream of concatenated JSON values or NDJSON (what grpcurl's `-d @` takes on stdin) and
 * hands out each top-level value the moment its last character arrives, so a client stream can
 * send message N while message N+1 is still being typed or piped.
 *
 * A light scanner finds where each value ends (bracket matching that understands strings and
 * escapes); the value's text is then parsed strictly, with errors pointing into the whole input.
 */
import type { JsonValue } from '@bufbuild/protobuf';
import { JsonSyntaxError, parseJsonText, type TextPosition } from './codec/json-text';

export { JsonSyntaxError } from './codec/json-text';

export interface StreamedJsonValue {
  value: JsonValue;
  /** The value's own text, e.g. to hand to the codec (which keeps big int64 literals exact). */
  text: string;
  /** Where the value starts in the whole input. */
  line: number;
  column: number;
}

type Mode = 'between' | 'container' | 'string' | 'bare';

const closerOf: Record<string, string> = { '{': '}', '[': ']' };

export class JsonValueStream {
  private mode: Mode = 'between';
  /** Open brackets of the current value, innermost last, with where each opened. */
  private readonly open: { bracket: string; at: TextPosition }[] = [];
  private inString = false;
  private escaped = false;
  /** Text of the current value that arrived in earlier chunks. */
  private pending: string[] = [];
  private start: TextPosition = { line: 1, column: 1 };
  /** Position of the next character. */
  private line = 1;
  private column = 1;

  /** Feeds more text; returns the values it completed, in order. Throws JsonSyntaxError. */
  push(chunk: string): StreamedJsonValue[] {
    const values: StreamedJsonValue[] = [];
    let valueStart = 0;
    let i = 0;
    while (i < chunk.length) {
      const ch = chunk[i] as string;
      if (this.mode === 'between') {
        if (!isWhitespace(ch)) {
          this.beginValue(ch);
          valueStart = i;
        }
        this.advance(ch);
        i++;
        continue;
      }
      if (this.mode === 'bare' && isDelimiter(ch)) {
        // A number or literal ends at the first character that cannot belong to it; that
        // character starts the next step, so it is not consumed here.
        values.push(this.finishValue(chunk.slice(valueStart, i)));
        continue;
      }
      const done = this.mode === 'bare' ? false : this.scan(ch);
      this.advance(ch);
      i++;
      if (done) values.push(this.finishValue(chunk.slice(valueStart, i)));
    }
    if (this.mode !== 'between') this.pending.push(chunk.slice(valueStart));
    return values;
  }

  /** The input is over: returns a last bare value (e.g. a trailing number) or reports what is unclosed. */
  end(): StreamedJsonValue[] {
    switch (this.mode) {
      case 'between':
        return [];
      case 'bare':
        return [this.finishValue('')];
      case 'string':
        throw new JsonSyntaxError('unexpected end of input: unterminated string', this.start);
      case 'container': {
        if (this.inString) throw new JsonSyntaxError('unexpected end of input inside a string', this.here());
        const innermost = this.open[this.open.length - 1];
        const where = innermost === undefined ? this.start : innermost.at;
        throw new JsonSyntaxError(
          `unexpected end of input: "${innermost?.bracket ?? '{'}" opened at ${where.line}:${where.column} is never closed`,
          this.here(),
        );
      }
    }
  }

  private beginValue(ch: string): void {
    if (ch === '}' || ch === ']' || ch === ',' || ch === ':') {
      throw new JsonSyntaxError(`unexpected ${JSON.stringify(ch)} between JSON values`, this.here());
    }
    this.start = this.here();
    if (ch === '{' || ch === '[') {
      this.mode = 'container';
      this.open.push({ bracket: ch, at: this.here() });
    } else if (ch === '"') {
      this.mode = 'string';
      this.inString = true;
    } else {
      this.mode = 'bare';
    }
  }

  /** Scans one character of a string or container value; true when it completes the value. */
  private scan(ch: string): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (ch === '\\') this.escaped = true;
      else if (ch === '"') {
        this.inString = false;
        return this.mode === 'string';
      }
      return false;
    }
    if (ch === '"') {
      this.inString = true;
    } else if (ch === '{' || ch === '[') {
      this.open.push({ bracket: ch, at: this.here() });
    } else if (ch === '}' || ch === ']') {
      const innermost = this.open.pop();
      if (innermost === undefined || closerOf[innermost.bracket] !== ch) {
        const expected =
          innermost === undefined
            ? ''
            : ` (expected "${closerOf[innermost.bracket]}" to close "${innermost.bracket}" from ${innermost.at.line}:${innermost.at.column})`;
        throw new JsonSyntaxError(`unexpected ${JSON.stringify(ch)}${expected}`, this.here());
      }
      return this.open.length === 0;
    }
    return false;
  }

  private finishValue(tail: string): StreamedJsonValue {
    const text = this.pending.join('') + tail;
    this.pending = [];
    this.mode = 'between';
    this.inString = false;
    this.escaped = false;
    this.open.length = 0;
    const { value } = parseJsonText(text, this.start);
    return { value, text, line: this.start.line, column: this.start.column };
  }

  private advance(ch: string): void {
    if (ch === '\n') {
      this.line++;
      this.column = 1;
    } else {
      this.column++;
    }
  }

  private here(): TextPosition {
    return { line: this.line, column: this.column };
  }
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r';
}

function isDelimiter(ch: string): boolean {
  return (
    isWhitespace(ch) || ch === '{' || ch === '}' || ch === '[' || ch === ']' || ch === '"' || ch === ',' || ch === ':'
  );
}

/** All values of a complete text (concatenated JSON or NDJSON). */
export function parseJsonValues(text: string): StreamedJsonValue[] {
  const stream = new JsonValueStream();
  return [...stream.push(text), ...stream.end()];
}
