import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64Encode } from '@bufbuild/protobuf/wire';
import { bufferToBase64 } from './platform-base64';

// In this test process @bufbuild/protobuf was evaluated before the module above installed
// `toBase64`, so base64Encode is its own character-by-character encoder: the oracle.
describe('base64 with the platform encoder', () => {
  it.each([
    ['std', { alphabet: 'base64', omitPadding: false }],
    ['std_raw', { alphabet: 'base64', omitPadding: true }],
    ['url', { alphabet: 'base64url', omitPadding: true }],
  ] as const)('writes what protobuf-es writes (%s)', (encoding, options) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), fc.nat(8), (bytes, offset) => {
        // A view into a larger buffer: the encoder must respect byteOffset and byteLength.
        const view = new Uint8Array(offset + bytes.length);
        view.set(bytes, offset);
        const slice = view.subarray(offset);
        expect(bufferToBase64(slice, options)).toBe(base64Encode(bytes, encoding));
      }),
    );
  });

  it('pads base64url when asked to', () => {
    expect(bufferToBase64(new Uint8Array([0xfb, 0xff]), { alphabet: 'base64url' })).toBe('-_8=');
  });

  it('is the runtime’s Uint8Array.prototype.toBase64 after the module loads', () => {
    const bytes = new Uint8Array([1, 2, 3, 250]);
    const native = (bytes as unknown as { toBase64: () => string }).toBase64();
    expect(native).toBe(Buffer.from(bytes).toString('base64'));
  });
});
