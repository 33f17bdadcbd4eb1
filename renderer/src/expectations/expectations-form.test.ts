import { describe, expect, it } from 'vitest';
import {
  expectationsToYaml,
  withExpectText,
  withLb,
  withMap,
  withMessageCount,
  withPartialMessage,
  yamlToExpectations,
} from './expectations-form';

describe('expectations form', () => {
  it('sets and clears entries, leaving no empty objects behind', () => {
    let expect_ = withExpectText(undefined, 'status', 'NOT_FOUND');
    expect(expect_).toEqual({ status: 'NOT_FOUND' });
    expect_ = withExpectText(expect_, 'status', '5');
    expect(expect_).toEqual({ status: 5 });
    expect_ = withPartialMessage(expect_, '{"id":"u1"}');
    expect_ = withMessageCount(expect_, '3');
    expect_ = withExpectText(expect_, 'within', '500ms');
    expect(expect_).toEqual({
      status: 5,
      message: { partial: '{"id":"u1"}' },
      messages: { count: 3 },
      within: '500ms',
    });
    expect_ = withPartialMessage(expect_, '');
    expect_ = withMessageCount(expect_, '');
    expect_ = withExpectText(expect_, 'within', '');
    expect(withExpectText(expect_, 'status', '')).toBeUndefined();
  });

  it('edits header, trailer and capture maps, keeping checks the form cannot show', () => {
    const start = { headers: { 'x-backend': { matches: '^b' }, 'x-a': '1' } };
    expect(
      withMap(start, 'headers', [
        { name: 'x-a', value: '2' },
        { name: ' ', value: 'ignored' },
      ]),
    ).toEqual({
      headers: { 'x-a': '2', 'x-backend': { matches: '^b' } },
    });
    expect(withMap(undefined, 'capture', [{ name: 'userName', value: '$.name' }])).toEqual({
      capture: { userName: '$.name' },
    });
    expect(withMap({ trailers: { a: 'b' } }, 'trailers', [])).toBeUndefined();
    expect(withLb(undefined, { calls: 30, concurrency: 5, verdict: 'balanced' })).toEqual({
      lb: { calls: 30, concurrency: 5, verdict: 'balanced' },
    });
  });

  it('round-trips YAML and names what is wrong with text that does not fit', () => {
    const value = { status: 'OK', headers: { 'x-backend': { exists: true } }, lb: { calls: 10, concurrency: 2 } };
    expect(yamlToExpectations(expectationsToYaml(value))).toEqual({ ok: true, value });
    expect(yamlToExpectations('')).toEqual({ ok: true, value: undefined });
    expect(yamlToExpectations('status: [OK')).toMatchObject({ ok: false, error: expect.stringMatching(/line 1/) });
    expect(yamlToExpectations('lb:\n  calls: 0\n  concurrency: 1')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^lb\.calls: /),
    });
    expect(yamlToExpectations('stauts: OK')).toMatchObject({ ok: false, error: expect.stringContaining('stauts') });
  });
});
