import { describe, expect, it } from 'vitest';
import { applyDefaults, mergeDefaults } from './collection';
import { runExitStatus } from './exit-status';
import { jsonEquals, partialMatch } from './expectations';
import { evaluateJsonPath, parseJsonPath } from './json-path';
import { orderChildren } from './manifest-order';
import { createMasker, maskDeep } from './masking';

describe('manifest order', () => {
  it('puts listed names first in their order, the rest by code point, and reports unknown entries', () => {
    expect(orderChildren(['b', 'a', 'C', 'd'], ['d', 'x', 'b', 'd'])).toEqual({
      names: ['d', 'b', 'C', 'a'],
      unknown: ['x'],
    });
  });
});

describe('exit status', () => {
  it('stops with 3 over 4 before running', () => {
    expect(runExitStatus(['unresolved', 'usage'], [])).toBe(3);
    expect(runExitStatus(['unresolved'], [])).toBe(4);
  });
  it('takes the most severe once running: 5 over 2 over 1', () => {
    expect(runExitStatus([], ['passed', 'failed', 'transport', 'schema'])).toBe(5);
    expect(runExitStatus([], ['failed', 'transport', 'passed'])).toBe(2);
    expect(runExitStatus([], ['passed', 'failed', 'skipped'])).toBe(1);
    expect(runExitStatus([], ['passed', 'passed'])).toBe(0);
    expect(runExitStatus([], [])).toBe(0);
  });
});

describe('JSONPath subset', () => {
  const value = { users: [{ id: 'u1', 'odd key': { n: 1 } }, { id: 'u2' }] };
  it('reads fields, indexes (also from the end) and quoted names', () => {
    expect(evaluateJsonPath(value, '$.users[0].id')).toBe('u1');
    expect(evaluateJsonPath(value, '$.users[-1].id')).toBe('u2');
    expect(evaluateJsonPath(value, "$.users[0]['odd key'].n")).toBe(1);
    expect(evaluateJsonPath(value, '$')).toBe(value);
    expect(evaluateJsonPath(value, '$.users[5].id')).toBeUndefined();
    expect(evaluateJsonPath(value, '$.users.id')).toBeUndefined();
  });
  it('names what it cannot read', () => {
    expect(() => parseJsonPath('users[0]')).toThrow(/must start with \$/);
    expect(() => parseJsonPath('$.users[*]')).toThrow(/unexpected "\[\*\]"/);
  });
});

describe('JSON matching', () => {
  it('partial: given fields must match, others are ignored; arrays element by element', () => {
    expect(partialMatch({ id: 'u1', tags: [{ k: 1 }] }, { id: 'u1', name: 'Ada', tags: [{ k: 1, v: 2 }] })).toBe(true);
    expect(partialMatch({ tags: [{ k: 1 }] }, { tags: [{ k: 1 }, { k: 2 }] })).toBe(false);
    expect(partialMatch({ id: 'u2' }, { id: 'u1' })).toBe(false);
    expect(partialMatch({ missing: null }, {})).toBe(false);
  });
  it('a number matches the same number as text (int64 in proto3 JSON), exactly only below 2^53', () => {
    expect(partialMatch(JSON.parse('{"big": 9007199254740993}'), { big: '9007199254740992' })).toBe(false);
    expect(partialMatch({ big: '9007199254740993' }, { big: '9007199254740993' })).toBe(true);
    expect(partialMatch({ n: 5 }, { n: '5' })).toBe(true);
    expect(partialMatch({ n: 5 }, { n: '6' })).toBe(false);
  });
  it('equals: the same fields, key order ignored', () => {
    expect(jsonEquals({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(jsonEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEquals([1], { 0: 1 })).toBe(false);
  });
});

describe('masking', () => {
  it('masks every occurrence, longest value first, in values and keys', () => {
    const mask = createMasker(['abc', 'abcdef', '']);
    expect(mask('x abcdef y abc')).toBe('x *** y ***');
    expect(maskDeep({ abc: ['abcdef'], n: 1 }, mask)).toEqual({ '***': ['***'], n: 1 });
  });
});

describe('defaults', () => {
  it('merges metadata by key from the outside in, and the request wins', () => {
    const defaults = mergeDefaults(
      { target: 'a:1', deadline: '5s', metadata: { x: '1', y: '1' } },
      { target: 'b:2', metadata: { y: '2' } },
    );
    expect(defaults).toEqual({ target: 'b:2', deadline: '5s', metadata: { x: '1', y: '2' } });
    expect(applyDefaults({ target: 'c:3', metadata: { x: 'r' } }, defaults)).toEqual({
      target: 'c:3',
      deadline: '5s',
      metadata: { x: 'r', y: '2' },
    });
  });
});
