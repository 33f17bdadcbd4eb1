import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, JsonValueStream, parseJsonValues } from './json-stream';

function syntaxError(run: () => unknown): JsonSyntaxError {
  try {
    run();
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a JsonSyntaxError');
}

describe('JsonValueStream', () => {
  it('emits each value the moment its last character arrives', () => {
    const stream = new JsonValueStream();
    expect(stream.push('{"a": 1}{"b"')).toEqual([{ value: { a: 1 }, text: '{"a": 1}', line: 1, column: 1 }]);
    expect(stream.push(': [2, 3]')).toEqual([]);
    expect(stream.push('}\n')).toEqual([{ value: { b: [2, 3] }, text: '{"b": [2, 3]}', line: 1, column: 9 }]);
    expect(stream.end()).toEqual([]);
  });

  it('reads NDJSON and concatenated JSON alike, with whitespace between values', () => {
    const values = parseJsonValues('{"n":1}\n{"n":2}\r\n\n  {"n":3} {"n":4}\t[5] "six" 7 true null\n');
    expect(values.map((v) => v.value)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, [5], 'six', 7, true, null]);
    expect(values.map((v) => [v.line, v.column])).toEqual([
      [1, 1],
      [2, 1],
      [4, 3],
      [4, 11],
      [4, 19],
      [4, 23],
      [4, 29],
      [4, 31],
      [4, 36],
    ]);
  });

  it('is not fooled by braces, quotes and escapes inside strings', () => {
    const text = '{"s": "}{\\"]\\\\", "t": "\\u007b"}{"u": "\\\\"}';
    expect(parseJsonValues(text).map((v) => v.value)).toEqual([{ s: '}{"]\\', t: '{' }, { u: '\\' }]);
  });

  it('gives the same values however the input is split, down to one character per chunk', () => {
    const text =
      '{"id": "9007199254740993", "tags": ["a}", "b\\""]}\n{"nested": {"deep": [1, {"x": null}]}} 42 "str\\"ing"';
    const whole = parseJsonValues(text);
    for (const size of [1, 2, 3, 7]) {
      const stream = new JsonValueStream();
      const values = [];
      for (let i = 0; i < text.length; i += size) values.push(...stream.push(text.slice(i, i + size)));
      values.push(...stream.end());
      expect(values, `chunks of ${size}`).toEqual(whole);
    }
    expect(whole).toHaveLength(4);
  });

  it('waits for end() to know a bare number is complete', () => {
    const stream = new JsonValueStream();
    expect(stream.push('12')).toEqual([]);
    expect(stream.push('3')).toEqual([]);
    expect(stream.end()).toEqual([{ value: 123, text: '123', line: 1, column: 1 }]);
  });

  it('reports syntax errors at their line:column in the whole input', () => {
    expect(syntaxError(() => parseJsonValues('{"a": 1}\n{"b": 2,\n "c" 3}')).message).toBe(
      '3:6: expected ":" after property name "c", got "3"',
    );
    expect(syntaxError(() => parseJsonValues('{"a": [1}')).message).toBe(
      '1:9: unexpected "}" (expected "]" to close "[" from 1:7)',
    );
    expect(syntaxError(() => parseJsonValues('{"a": 1}\n}')).message).toBe('2:1: unexpected "}" between JSON values');
    expect(syntaxError(() => parseJsonValues('{"a": 1},{"b": 2}')).message).toBe(
      '1:9: unexpected "," between JSON values',
    );
    expect(syntaxError(() => parseJsonValues('nul')).message).toBe(
      '1:1: unexpected word; JSON values are objects, arrays, "strings", numbers, true, false and null: "nul"',
    );
    expect(syntaxError(() => parseJsonValues("{'a': 1}")).message).toBe(
      '1:2: expected a property name in double quotes, got "\'"',
    );
    expect(syntaxError(() => parseJsonValues('[1, 2,]')).message).toBe('1:7: trailing comma before "]"');
    expect(syntaxError(() => parseJsonValues('{"a": "line\nbreak"}')).message).toBe(
      '1:12: control character in string (write newlines as \\n, tabs as \\t)',
    );
    expect(syntaxError(() => parseJsonValues('[01]')).message).toBe('1:2: invalid number: "01"');
  });

  it('reports input that ends inside a value, naming what is unclosed', () => {
    const error = syntaxError(() => parseJsonValues('{"ok": 1}\n{"a": {"b": [1, 2]'));
    expect(error.message).toBe('2:19: unexpected end of input: "{" opened at 2:7 is never closed');
    expect([error.line, error.column]).toEqual([2, 19]);
    expect(syntaxError(() => parseJsonValues('{"a": "unterminated')).message).toBe(
      '1:20: unexpected end of input inside a string',
    );
    expect(syntaxError(() => parseJsonValues('  "abc')).message).toBe(
      '1:3: unexpected end of input: unterminated string',
    );
  });
});
