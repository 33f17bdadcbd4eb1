/**
 * A compiler's FileDescriptorSet output as one record per file, by name, without decoding it: a
 * set put together from several compiler runs (protoc in chunks, buf for the rest) is then the
 * concatenation of the records wanted, in the order wanted — valid protobuf, and what the cache
 * stores — and each file is decoded once however many runs wrote it (shared imports).
 */
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';

export interface FileRecord {
  /** The whole record: field 1 of the set, its length and the encoded FileDescriptorProto. */
  record: Uint8Array;
  /** The encoded FileDescriptorProto alone. */
  body: Uint8Array;
}

/** The name (field 1) of an encoded FileDescriptorProto, or undefined when it has none. */
function encodedFileName(body: Uint8Array): string | undefined {
  const reader = new BinaryReader(body);
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    if (fieldNo === 1 && wireType === WireType.LengthDelimited) return reader.string();
    reader.skip(wireType);
  }
  return undefined;
}

/**
 * Adds the files of the encoded set `output` to `records`, keeping a name already there (the same
 * file, written by another run). Throws on anything but a list of named files.
 */
export function addFileRecords(output: Uint8Array, records: Map<string, FileRecord>): void {
  const reader = new BinaryReader(output);
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const [fieldNo, wireType] = reader.tag();
    if (fieldNo !== 1 || wireType !== WireType.LengthDelimited)
      throw new Error(`unexpected field ${fieldNo} in a descriptor set`);
    const body = reader.bytes();
    const name = encodedFileName(body);
    if (name === undefined) throw new Error('a file without a name in a descriptor set');
    if (!records.has(name)) records.set(name, { record: output.subarray(start, reader.pos), body });
  }
}
