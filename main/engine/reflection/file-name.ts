import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';

/** FileDescriptorProto.name is field 1. */
const NAME_FIELD = 1;

/**
 * The `name` of an encoded FileDescriptorProto, read without decoding the rest: servers re-send
 * shared imports with every answer (grpc-go sends each file's imports not yet sent on the stream,
 * others all of them), so a file already held is recognised and skipped before `fromBinary` runs.
 * Undefined when the bytes have no name or do not parse; the caller then decodes them in full.
 */
export function encodedFileName(bytes: Uint8Array): string | undefined {
  const reader = new BinaryReader(bytes);
  try {
    while (reader.pos < reader.len) {
      const [field, wireType] = reader.tag();
      if (field === NAME_FIELD && wireType === WireType.LengthDelimited) return reader.string();
      reader.skip(wireType, field);
    }
  } catch {
    // Malformed bytes: let the full decode report them.
  }
  return undefined;
}
