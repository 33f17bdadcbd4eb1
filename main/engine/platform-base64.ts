/**
 * `Uint8Array.prototype.toBase64` from Node's Buffer encoder, where the runtime lacks it (Node 20
 * and 22, so the CLI and Electron's main process).
 *
 * protobuf-es writes `bytes` fields to JSON with the native `toBase64` when there is one and
 * otherwise builds the string one character at a time: 1.4 s and 480 MB for a 10 MB field, against
 * milliseconds for Buffer. It has no option to supply an encoder and reads `toBase64` once, when
 * its module is evaluated — so this module must be evaluated before that one: scripts/build.mjs
 * bundles @bufbuild/protobuf and makes its base64 module import this one first. Code run unbundled,
 * as in tests, keeps protobuf-es's own encoder.
 */

export interface ToBase64Options {
  alphabet?: 'base64' | 'base64url';
  omitPadding?: boolean;
}

/** The proposal's semantics (TC39 "Uint8Array to/from base64") with Buffer doing the work. */
export function bufferToBase64(bytes: Uint8Array, options: ToBase64Options = {}): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (options.alphabet === 'base64url') {
    // Buffer's base64url never pads.
    const text = buffer.toString('base64url');
    return options.omitPadding === true ? text : text.padEnd(Math.ceil(text.length / 4) * 4, '=');
  }
  const text = buffer.toString('base64');
  return options.omitPadding === true ? text.replace(/=+$/, '') : text;
}

interface MaybeNativeBase64 {
  toBase64?: (options?: ToBase64Options) => string;
}

const prototype = Uint8Array.prototype as MaybeNativeBase64;
if (typeof prototype.toBase64 !== 'function' && typeof Buffer === 'function') {
  Object.defineProperty(Uint8Array.prototype, 'toBase64', {
    value: function toBase64(this: Uint8Array, options?: ToBase64Options): string {
      return bufferToBase64(this, options);
    },
    writable: true,
    configurable: true,
  });
}
