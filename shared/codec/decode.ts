import { fromBinary, toJson, type DescMessage, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { ResponseDecodeError, errorText } from './errors';

export interface DecodeOptions {
  registry: Registry;
  /** Include fields that hold their default value (grpcurl's -emit-defaults). */
  emitDefaults?: boolean;
}

/**
 * Wire bytes → proto3 JSON (int64 as strings, bytes base64, enums by name, Any with "@type").
 * Throws ResponseDecodeError when the bytes are not this message, so the caller can show the bytes
 * next to the reason.
 */
export function decodeResponseToJson(desc: DescMessage, bytes: Uint8Array, opts: DecodeOptions): JsonValue {
  let message;
  try {
    message = fromBinary(desc, bytes);
  } catch (error) {
    throw new ResponseDecodeError(`cannot decode ${bytes.length} bytes as ${desc.typeName}: ${errorText(error)}`, {
      cause: error,
    });
  }
  try {
    return toJson(desc, message, { registry: opts.registry, alwaysEmitImplicit: opts.emitDefaults ?? false });
  } catch (error) {
    // e.g. an Any whose type the loaded schema does not know.
    throw new ResponseDecodeError(`cannot show ${desc.typeName} as JSON: ${errorText(error)}`, { cause: error });
  }
}
