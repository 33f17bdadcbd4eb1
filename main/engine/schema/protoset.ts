/** Protosets: binary FileDescriptorSet files, as `protoc --descriptor_set_out` or `buf build -o x.binpb` write them. */
import { readFile } from 'node:fs/promises';
import { create, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type FileDescriptorProto, type FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import { WorkbenchError } from '../../../shared/api';

const protosetHint =
  'Create one with `protoc --include_imports --descriptor_set_out=FILE …` or `buf build -o FILE.binpb`.';

function notAProtoset(path: string, reason: string): WorkbenchError {
  return new WorkbenchError('schema', `${path} is not a protoset (binary FileDescriptorSet): ${reason}`, {
    subject: path,
    hint: protosetHint,
  });
}

/**
 * Parses one protoset. Arbitrary bytes sometimes decode as protobuf by accident, so beyond decoding
 * we require what every real descriptor set has: at least one file, every file named, and no
 * fields a FileDescriptorSet does not define.
 */
export function parseProtoset(bytes: Uint8Array, path: string): FileDescriptorSet {
  let set: FileDescriptorSet;
  try {
    set = fromBinary(FileDescriptorSetSchema, bytes);
  } catch (error) {
    throw notAProtoset(path, (error as Error).message);
  }
  if (set.file.length === 0) throw notAProtoset(path, 'it contains no files');
  // eslint-disable-next-line no-control-regex
  const badName = set.file.find((file) => file.name === '' || /[\u0000-\u001f]/.test(file.name));
  if ((set.$unknown?.length ?? 0) > 0 || badName !== undefined)
    throw notAProtoset(path, 'its content does not look like file descriptors');
  return set;
}

/** Reads and merges protosets; a file name present in several keeps its first descriptor. */
export async function readProtosets(paths: readonly string[]): Promise<FileDescriptorSet> {
  const files = new Map<string, FileDescriptorProto>();
  for (const path of paths) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw new WorkbenchError(
        'io',
        `Cannot read protoset ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
        {
          subject: path,
          hint: `Check the path (relative paths start from ${process.cwd()}).`,
        },
      );
    }
    for (const file of parseProtoset(bytes, path).file) if (!files.has(file.name)) files.set(file.name, file);
  }
  return create(FileDescriptorSetSchema, { file: [...files.values()] });
}
