import { describe, expect, it } from 'vitest';
import { nameSettings } from './settings';
import {
  isBinaryKey,
  MetadataError,
  metadataEntryProblem,
  metadataFromJson,
  metadataToJson,
  normalizeMetadata,
  normalizeMetadataKey,
  parseHeaderArg,
} from './metadata';

function metadataError(run: () => unknown): MetadataError {
  try {
    run();
  } catch (error) {
    if (error instanceof MetadataError) return error;
    throw error;
  }
  throw new Error('expected a MetadataError');
}

describe('parseHeaderArg', () => {
  it('splits at the first colon and trims both sides', () => {
    expect(parseHeaderArg('authorization: Bearer a:b:c')).toEqual({ key: 'authorization', value: 'Bearer a:b:c' });
    expect(parseHeaderArg('  X-Request-Id :  42  ')).toEqual({ key: 'x-request-id', value: '42' });
    expect(parseHeaderArg('empty:')).toEqual({ key: 'empty', value: '' });
  });

  it('refuses an argument without a colon', () => {
    const error = metadataError(() => parseHeaderArg('authorization Bearer x'));
    expect(error.message).toBe('header "authorization Bearer x" is not of the form "name: value"');
    expect(error.hint).toBe('Example: -H "authorization: Bearer TOKEN".');
  });

  it('refuses pseudo-headers with a hint for :authority', () => {
    const error = metadataError(() => parseHeaderArg(':authority: example.com'));
    expect(error.message).toBe(
      'metadata key ":authority" is an HTTP/2 pseudo-header, which cannot be sent as metadata',
    );
    expect(nameSettings(error.hint!, 'cli')).toBe('Use the authority option (-authority) instead.');
    expect(error.key).toBe(':authority');
  });

  it('validates -bin values as base64 and keeps them compact', () => {
    expect(parseHeaderArg('trace-bin: AAEC /w==')).toEqual({ key: 'trace-bin', value: 'AAEC/w==' });
    expect(parseHeaderArg('trace-bin: AAEC_w')).toEqual({ key: 'trace-bin', value: 'AAEC_w' });
    expect(metadataError(() => parseHeaderArg('trace-bin: not base64!')).message).toBe(
      'value of binary metadata "trace-bin" is not valid base64',
    );
  });
});

describe('metadata keys and values', () => {
  it('lowercases keys and allows 0-9 a-z _ - .', () => {
    expect(normalizeMetadataKey('X-Custom_Key.v2')).toBe('x-custom_key.v2');
    expect(metadataError(() => normalizeMetadataKey('x custom')).message).toBe('metadata key "x custom" contains " "');
    expect(metadataError(() => normalizeMetadataKey('x/y')).hint).toBe(
      'Keys may contain only 0-9, a-z, "_", "-" and ".".',
    );
    expect(metadataError(() => normalizeMetadataKey('')).message).toBe('metadata key is empty');
  });

  it('refuses reserved grpc- keys and connection headers', () => {
    const timeout = metadataError(() => normalizeMetadataKey('grpc-timeout'));
    expect(timeout.message).toBe('metadata key "grpc-timeout" uses the reserved "grpc-" prefix');
    expect(nameSettings(timeout.hint!, 'cli')).toBe('Set a deadline (-max-time) instead.');
    expect(metadataError(() => normalizeMetadataKey('Grpc-Status')).message).toBe(
      'metadata key "grpc-status" uses the reserved "grpc-" prefix',
    );
    expect(metadataError(() => normalizeMetadataKey('Connection')).message).toBe(
      'metadata key "connection" cannot be set: HTTP/2 forbids connection-specific headers',
    );
    expect(metadataError(() => normalizeMetadataKey('content-type')).message).toBe(
      'metadata key "content-type" cannot be set: the gRPC client sets it',
    );
  });

  it('knows binary keys', () => {
    expect(isBinaryKey('trace-bin')).toBe(true);
    expect(isBinaryKey('Trace-BIN')).toBe(true);
    expect(isBinaryKey('binary')).toBe(false);
  });

  it('requires printable ASCII in text values', () => {
    expect(metadataEntryProblem({ key: 'x-name', value: 'Zoë' })).toBe(
      'value of metadata "x-name" has a character that is not printable ASCII at position 3',
    );
    expect(metadataEntryProblem({ key: 'x-name', value: 'a\tb' })).toBe(
      'value of metadata "x-name" has a character that is not printable ASCII at position 2',
    );
    expect(metadataEntryProblem({ key: 'x-name', value: 'plain ~ text' })).toBeUndefined();
  });

  it('normalizes a list, keeping order and repeated keys', () => {
    expect(
      normalizeMetadata([
        { key: 'A', value: '1' },
        { key: 'b-bin', value: 'AQ==' },
        { key: 'a', value: '2' },
      ]),
    ).toEqual([
      { key: 'a', value: '1' },
      { key: 'b-bin', value: 'AQ==' },
      { key: 'a', value: '2' },
    ]);
  });

  it('groups entries by key and back', () => {
    const entries = [
      { key: 'a', value: '1' },
      { key: '__proto__', value: 'x' },
      { key: 'a', value: '2' },
    ];
    const json = metadataToJson(entries);
    expect(json).toEqual(Object.defineProperty({ a: ['1', '2'] }, '__proto__', { value: ['x'], enumerable: true }));
    expect(metadataFromJson(json)).toEqual([
      { key: 'a', value: '1' },
      { key: 'a', value: '2' },
      { key: '__proto__', value: 'x' },
    ]);
  });
});
