/** Facts about protobuf scalar types that the validator, the example generator and the JSON Schema share. */
import { ScalarType } from '@bufbuild/protobuf';

export const scalarTypeName: Record<ScalarType, string> = {
  [ScalarType.DOUBLE]: 'double',
  [ScalarType.FLOAT]: 'float',
  [ScalarType.INT64]: 'int64',
  [ScalarType.UINT64]: 'uint64',
  [ScalarType.INT32]: 'int32',
  [ScalarType.FIXED64]: 'fixed64',
  [ScalarType.FIXED32]: 'fixed32',
  [ScalarType.BOOL]: 'bool',
  [ScalarType.STRING]: 'string',
  [ScalarType.BYTES]: 'bytes',
  [ScalarType.UINT32]: 'uint32',
  [ScalarType.SFIXED32]: 'sfixed32',
  [ScalarType.SINT32]: 'sint32',
  [ScalarType.SINT64]: 'sint64',
  [ScalarType.SFIXED64]: 'sfixed64',
};

export type ScalarFamily = 'float' | 'int32' | 'int64' | 'bool' | 'string' | 'bytes';

export function scalarFamily(scalar: ScalarType): ScalarFamily {
  switch (scalar) {
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return 'float';
    case ScalarType.INT32:
    case ScalarType.UINT32:
    case ScalarType.SINT32:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return 'int32';
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return 'int64';
    case ScalarType.BOOL:
      return 'bool';
    case ScalarType.STRING:
      return 'string';
    case ScalarType.BYTES:
      return 'bytes';
  }
}

/** Inclusive integer range of an integer scalar, as bigints so 64-bit bounds are exact. */
export function integerRange(scalar: ScalarType): { min: bigint; max: bigint } {
  switch (scalar) {
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { min: 0n, max: 2n ** 32n - 1n };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { min: 0n, max: 2n ** 64n - 1n };
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return { min: -(2n ** 63n), max: 2n ** 63n - 1n };
    default:
      return { min: -(2n ** 31n), max: 2n ** 31n - 1n };
  }
}

/** Map keys are strings in JSON; this is the shape each key type must have there. */
export function mapKeyPattern(scalar: ScalarType): RegExp | undefined {
  switch (scalarFamily(scalar)) {
    case 'bool':
      return /^(true|false)$/;
    case 'int32':
    case 'int64':
      return integerPattern(scalar);
    default:
      return undefined;
  }
}

/** Decimal digits, with a sign only where the type is signed. */
export function integerPattern(scalar: ScalarType): RegExp {
  return integerRange(scalar).min === 0n ? /^[0-9]+$/ : /^-?[0-9]+$/;
}

const base64Pattern = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Standard or URL-safe base64, padded or not (what proto3 JSON accepts for bytes). */
export function isBase64(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return base64Pattern.test(compact) && compact.replace(/=+$/, '').length % 4 !== 1;
}
