import { describe, expect, it } from 'vitest';
import { receivedMessageToNdjsonLine } from './index';

describe('receivedMessageToNdjsonLine', () => {
  it('writes the proto3 JSON of a message, and bytes + error for an undecodable one', () => {
    expect(receivedMessageToNdjsonLine({ index: 0, json: { id: 'u1' }, sizeBytes: 4, receivedMs: 1 })).toBe(
      '{"id":"u1"}',
    );
    expect(
      receivedMessageToNdjsonLine({
        index: 1,
        bytesBase64: 'AAE=',
        decodeError: 'premature EOF',
        sizeBytes: 2,
        receivedMs: 2,
      }),
    ).toBe('{"index":1,"bytesBase64":"AAE=","decodeError":"premature EOF"}');
  });
});
