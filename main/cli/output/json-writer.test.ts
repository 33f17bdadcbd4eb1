import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeIndentedJson } from './json-writer';

function written(value: unknown): { text: string; pieces: string[] } {
  const pieces: string[] = [];
  writeIndentedJson(value, (piece) => pieces.push(piece));
  return { text: pieces.join(''), pieces };
}

describe('writeIndentedJson', () => {
  it('writes exactly what JSON.stringify(value, null, 2) returns, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(written(value).text).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('follows JSON.stringify for what is not JSON: undefined, functions, toJSON, boxed values, holes, -0, NaN', () => {
    const value = {
      gone: undefined,
      fn: () => 1,
      sym: Symbol('x'),
      when: new Date(0),
      custom: { toJSON: (key: string) => `key ${key}` },
      boxed: [Object(1), Object('s'), Object(true)],
      // eslint-disable-next-line no-sparse-arrays -- a hole, as JSON.stringify sees it
      list: [undefined, () => 1, , -0, NaN, Infinity],
      empty: { a: undefined },
      nested: [[], {}, [{}]],
    };
    expect(written(value).text).toBe(JSON.stringify(value, null, 2));
    expect(written(undefined).text).toBe('');
    expect(written('top').text).toBe('"top"');
  });

  it('writes a long string that needs no escaping as a piece of its own, the same string', () => {
    const base64 = Buffer.alloc(200_000, 7).toString('base64');
    const document = { messages: [{ message: { avatar: base64, name: 'n' } }] };
    const { text, pieces } = written(document);
    expect(text).toBe(JSON.stringify(document, null, 2));
    expect(pieces).toContain(base64);
  });

  it('escapes a long string that needs it, as JSON.stringify does (quotes, control characters, lone surrogates)', () => {
    for (const odd of ['"', '\\', '\n', '\u0001', '\ud800', '\udc00x', '😀']) {
      const value = { text: `${'a'.repeat(70_000)}${odd}${'b'.repeat(10)}` };
      expect(written(value).text).toBe(JSON.stringify(value, null, 2));
    }
  });

  it('fails on a cycle as JSON.stringify does', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => written(cyclic)).toThrow(TypeError);
    expect(() => written({ big: 1n })).toThrow(TypeError);
  });
});
