/**
 * A strict JSON text parser that knows where it is. JSON.parse reports a bare character offset (and
 * its wording differs between engines), loses every digit of an integer beyond 2^53, and silently
 * keeps the last of two duplicate keys. Request JSON is typed by people, and int64 ids are common,
 * so we parse it ourselves: errors carry line:column, duplicate keys are refused, and big integer
 * literals are kept exactly as written for the codec to use on int64 fields.
 */
import type { JsonObject, JsonValue } from '@bufbuild/protobuf';

/** 1-based, the way editors count. */
export interface TextPosition {
  line: number;
  column: number;
}

export class JsonSyntaxError extends Error {
  readonly problem: string;
  readonly line: number;
  readonly column: number;

  constructor(problem: string, position: TextPosition) {
    super(`${position.line}:${position.column}: ${problem}`);
    this.name = 'JsonSyntaxError';
    this.problem = problem;
    this.line = position.line;
    this.column = position.column;
  }
}

/**
 * Integer literals that a JS number cannot hold exactly, as written, keyed by the object or array
 * that holds them and their key or index there (numbers themselves cannot be map keys).
 */
export class ExactIntegers {
  private readonly byContainer = new WeakMap<object, Map<string | number, string>>();

  record(container: object, key: string | number, literal: string): void {
    let literals = this.byContainer.get(container);
    if (literals === undefined) {
      literals = new Map();
      this.byContainer.set(container, literals);
    }
    literals.set(key, literal);
  }

  lookup(container: object, key: string | number): string | undefined {
    return this.byContainer.get(container)?.get(key);
  }
}

export interface ParsedJson {
  value: JsonValue;
  exactIntegers: ExactIntegers;
}

/** Deeper nesting than any real request; keeps the recursive parser far from the stack limit. */
const maxNesting = 512;

/**
 * Parses exactly one JSON value (surrounding whitespace allowed). `origin` is where `text` starts in
 * a larger input, so errors point into that input (used by the stream reader).
 */
export function parseJsonText(text: string, origin: TextPosition = { line: 1, column: 1 }): ParsedJson {
  const parser = new Parser(text, origin);
  const value = parser.parseDocument();
  return { value, exactIntegers: parser.exactIntegers };
}

const integerLiteral = /^-?(?:0|[1-9][0-9]*)$/;
const numberLiteral = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const escapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  readonly exactIntegers = new ExactIntegers();
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly origin: TextPosition,
  ) {}

  parseDocument(): JsonValue {
    this.skipWhitespace();
    const value = this.parseValue(0, undefined);
    this.skipWhitespace();
    if (this.pos < this.text.length) {
      throw this.error(`unexpected ${this.describeAt(this.pos)} after the end of the JSON value`);
    }
    return value;
  }

  /** `slot` is where the value goes, so an exact integer literal can be recorded against it. */
  private parseValue(depth: number, slot: { container: object; key: string | number } | undefined): JsonValue {
    if (depth > maxNesting) throw this.error(`nesting deeper than ${maxNesting} levels`);
    const ch = this.text[this.pos];
    switch (ch) {
      case undefined:
        throw this.error('unexpected end of input: a value is missing');
      case '{':
        return this.parseObject(depth);
      case '[':
        return this.parseArray(depth);
      case '"':
        return this.parseString();
      case "'":
        throw this.error('strings must use double quotes (")');
      default: {
        const start = this.pos;
        const word = this.readWord();
        if (word === 'true') return true;
        if (word === 'false') return false;
        if (word === 'null') return null;
        if (numberLiteral.test(word)) {
          const number = Number(word);
          if (slot !== undefined && integerLiteral.test(word) && !Number.isSafeInteger(number)) {
            this.exactIntegers.record(slot.container, slot.key, word);
          }
          return number;
        }
        this.pos = start;
        if (word === '') throw this.error(`unexpected ${this.describeAt(start)}: expected a value`);
        const hint = /^[-0-9]/.test(word)
          ? 'invalid number'
          : 'unexpected word; JSON values are objects, arrays, "strings", numbers, true, false and null';
        throw this.error(`${hint}: ${JSON.stringify(word)}`);
      }
    }
  }

  private parseObject(depth: number): JsonObject {
    const object: JsonObject = {};
    this.pos++; // {
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return object;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') {
        throw this.error(
          this.text[this.pos] === '}'
            ? 'trailing comma before "}"'
            : `expected a property name in double quotes, got ${this.describeAt(this.pos)}`,
        );
      }
      const keyStart = this.pos;
      const key = this.parseString();
      if (Object.prototype.hasOwnProperty.call(object, key)) {
        this.pos = keyStart;
        throw this.error(`duplicate key ${JSON.stringify(key)}`);
      }
      this.skipWhitespace();
      if (this.text[this.pos] !== ':')
        throw this.error(`expected ":" after property name ${JSON.stringify(key)}, got ${this.describeAt(this.pos)}`);
      this.pos++;
      this.skipWhitespace();
      setOwnProperty(object, key, this.parseValue(depth + 1, { container: object, key }));
      this.skipWhitespace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === '}') return object;
      if (next !== ',') {
        this.pos--;
        throw this.error(
          `expected "," or "}" after the value of ${JSON.stringify(key)}, got ${this.describeAt(this.pos)}`,
        );
      }
    }
  }

  private parseArray(depth: number): JsonValue[] {
    const array: JsonValue[] = [];
    this.pos++; // [
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return array;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] === ']') throw this.error('trailing comma before "]"');
      array.push(this.parseValue(depth + 1, { container: array, key: array.length }));
      this.skipWhitespace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === ']') return array;
      if (next !== ',') {
        this.pos--;
        throw this.error(`expected "," or "]" after an array element, got ${this.describeAt(this.pos)}`);
      }
    }
  }

  private parseString(): string {
    const openAt = this.pos;
    this.pos++; // opening quote
    let result = '';
    let chunkStart = this.pos;
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) {
        this.pos = openAt;
        throw this.error('unterminated string');
      }
      if (ch === '"') {
        result += this.text.slice(chunkStart, this.pos);
        this.pos++;
        return result;
      }
      if (ch.charCodeAt(0) < 0x20) throw this.error('control character in string (write newlines as \\n, tabs as \\t)');
      if (ch !== '\\') {
        this.pos++;
        continue;
      }
      result += this.text.slice(chunkStart, this.pos);
      const escape = this.text[this.pos + 1];
      if (escape === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.error(`invalid unicode escape "\\u${hex}"`);
        result += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else if (escape !== undefined && escapes[escape] !== undefined) {
        result += escapes[escape];
        this.pos += 2;
      } else {
        throw this.error(`invalid escape "\\${escape ?? ''}" in string`);
      }
      chunkStart = this.pos;
    }
  }

  /** A run of characters that can belong to a number or a bare word, so errors can quote it whole. */
  private readWord(): string {
    const start = this.pos;
    while (this.pos < this.text.length && /[A-Za-z0-9_.+-]/.test(this.text[this.pos] ?? '')) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private skipWhitespace(): void {
    for (;;) {
      const ch = this.text[this.pos];
      if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') return;
      this.pos++;
    }
  }

  private describeAt(pos: number): string {
    const ch = this.text[pos];
    return ch === undefined ? 'end of input' : JSON.stringify(ch);
  }

  private error(problem: string): JsonSyntaxError {
    return new JsonSyntaxError(problem, positionIn(this.text, this.pos, this.origin));
  }
}

/** Sets a key as plain data: assigning a key "__proto__" would change the object's prototype instead. */
export function setOwnProperty(object: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The position of `offset` in `text`, where `text` itself starts at `origin`. */
export function positionIn(text: string, offset: number, origin: TextPosition): TextPosition {
  let line = origin.line;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  const column = line === origin.line ? origin.column + offset : offset - lineStart + 1;
  return { line, column };
}
