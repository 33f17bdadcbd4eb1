import { describe, expect, it } from 'vitest';
import { matchingPaths, previewJson } from './json-preview';

describe('previewJson', () => {
  it('is the compact JSON of a small value', () => {
    const value = { id: 'u1', n: 3, tags: ['a', null, true], nested: { x: 1.5 } };
    expect(previewJson(value, 160)).toBe(JSON.stringify(value));
  });

  it('cuts at the limit, keeping the keys before a huge string, without serializing all of it', () => {
    const avatar = 'A'.repeat(30_000_000);
    avatar.charCodeAt(avatar.length - 1); // flattens V8's lazy repeat, so the timing is of previewJson
    const started = performance.now();
    const text = previewJson({ id: 'u1', avatar, after: 1 }, 160);
    expect(performance.now() - started).toBeLessThan(20);
    expect(text).toHaveLength(161);
    expect(text.startsWith('{"id":"u1","avatar":"AAAA')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
  });

  it('stops walking a long array once the preview is full', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => ({ i }));
    expect(previewJson(items, 40)).toBe(`${JSON.stringify(items).slice(0, 40)}…`);
  });
});

describe('matchingPaths', () => {
  it('finds matches in keys and values, case-insensitively, with every ancestor path', () => {
    const { paths, count } = matchingPaths({ user: { Name: 'Ada', roles: ['ADMIN', 'editor'] }, id: 'u1' }, 'ad');
    expect(count).toBe(2); // "Ada" and "ADMIN"
    expect([...paths].sort()).toEqual(
      ['', '\u0000user', '\u0000user\u0000Name', '\u0000user\u0000roles', '\u0000user\u0000roles\u00000'].sort(),
    );
  });

  it('finds nothing for an empty query', () => {
    expect(matchingPaths({ a: 1 }, '').count).toBe(0);
  });
});
