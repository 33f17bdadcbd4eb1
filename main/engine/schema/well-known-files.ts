/**
 * Files every schema has, whatever its source: the well-known types (a server's reflection often
 * omits them, and `Any`/`Timestamp`/… JSON needs them) and google.rpc status + error details (to
 * decode `grpc-status-details-bin`).
 */
import { toBinary, type DescFile } from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  type FileDescriptorProto,
  file_google_protobuf_any,
  file_google_protobuf_api,
  file_google_protobuf_descriptor,
  file_google_protobuf_duration,
  file_google_protobuf_empty,
  file_google_protobuf_field_mask,
  file_google_protobuf_source_context,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_type,
  file_google_protobuf_wrappers,
} from '@bufbuild/protobuf/wkt';
import { file_google_rpc_code } from '../gen/google/rpc/code_pb';
import { file_google_rpc_error_details } from '../gen/google/rpc/error_details_pb';
import { file_google_rpc_status } from '../gen/google/rpc/status_pb';

/** In dependency order: each file after the files it imports. */
const generated = [
  file_google_protobuf_any,
  file_google_protobuf_descriptor,
  file_google_protobuf_duration,
  file_google_protobuf_empty,
  file_google_protobuf_field_mask,
  file_google_protobuf_source_context,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_type,
  file_google_protobuf_api,
  file_google_protobuf_wrappers,
  file_google_rpc_code,
  file_google_rpc_status,
  file_google_rpc_error_details,
];
const alwaysAvailable = generated.map((file) => file.proto);
const generatedByProto = new Map(generated.map((file) => [file.proto, file]));

/** The generated (linked) descriptor of `file` when it is one `addAlwaysAvailableFiles` added. */
export function linkedAlwaysAvailableFile(file: FileDescriptorProto): DescFile | undefined {
  return generatedByProto.get(file);
}

const generatedByName = new Map(alwaysAvailable.map((file) => [file.name, file]));

/** Our generated descriptor of the always-available file `name`, if it is one. */
export function generatedAlwaysAvailableFile(name: string): FileDescriptorProto | undefined {
  return generatedByName.get(name);
}
/** Our encoding of each always-available file, made the first time a source sends a file of that name. */
const encodings = new Map<string, Buffer>();

/**
 * Our generated descriptor when `bytes` (an encoded FileDescriptorProto named `name`) are exactly
 * its encoding. Servers often send the well-known files they were built with byte for byte as ours
 * (protoc writes a descriptor deterministically), and taking ours saves decoding and linking them
 * again. It is safe because equal bytes decode to an equal message, so the schema, `describe` and
 * an exported protoset are what the server's copy gives; a copy that differs in any byte (another
 * protobuf release's descriptor.proto, buf's option declarations) is decoded and linked as the
 * source's own, as before. Ours is encoded once per process (descriptor.proto: about 3 ms of CPU
 * cold); each comparison after that is a memcmp.
 */
export function alwaysAvailableFileEncodedAs(name: string, bytes: Uint8Array): FileDescriptorProto | undefined {
  const generated = generatedByName.get(name);
  if (generated === undefined) return undefined;
  let encoding = encodings.get(name);
  if (encoding === undefined) {
    encoding = Buffer.from(toBinary(FileDescriptorProtoSchema, generated));
    encodings.set(name, encoding);
  }
  return encoding.equals(bytes) ? generated : undefined;
}

function topLevelSymbols(file: FileDescriptorProto): string[] {
  const prefix = file.package === '' ? '' : `${file.package}.`;
  return [...file.messageType, ...file.enumType, ...file.service, ...file.extension].map(
    (element) => prefix + element.name,
  );
}

/**
 * Adds the always-available files that `files` lacks. The source's own copy wins: a file is not
 * added when the source has a file of that name, defines one of its symbols under another file
 * name (two definitions of `google.protobuf.Any` would clash in the registry), or lacks a file it
 * imports because of that rule.
 */
export function addAlwaysAvailableFiles(files: Map<string, FileDescriptorProto>): void {
  const defined = new Set([...files.values()].flatMap(topLevelSymbols));
  for (const file of alwaysAvailable) {
    if (files.has(file.name)) continue;
    if (topLevelSymbols(file).some((symbol) => defined.has(symbol))) continue;
    if (!file.dependency.every((dependency) => files.has(dependency))) continue;
    files.set(file.name, file);
  }
}
