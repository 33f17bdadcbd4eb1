/**
 * The codec tests' schema: testdata/*.proto compiled by protoc (the oracle) into a registry. The
 * tests run protoc themselves (Node only: shared/ code cannot) and hand the bytes here.
 */
import { createFileRegistry, fromBinary, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

export const fixtureProtoFiles = ['codec_test.proto', 'closed_enum.proto'];

/** protoc arguments (run in testdata/) that write the descriptor set to `outFile`. */
export function fixtureProtocArgs(outFile: string): string[] {
  return ['--include_imports', '--include_source_info', `--descriptor_set_out=${outFile}`, '-I.', ...fixtureProtoFiles];
}

export function fixtureRegistry(descriptorSet: Uint8Array): FileRegistry {
  return createFileRegistry(fromBinary(FileDescriptorSetSchema, descriptorSet));
}

/** A slice of googleapis (npm google-proto-files) with every google/protobuf file: hundreds of real types. */
export const googleapisSubset = [
  'google/type/*.proto',
  'google/api/*.proto',
  'google/rpc/*.proto',
  'google/rpc/context/*.proto',
  'google/longrunning/operations.proto',
  'google/iam/v1/*.proto',
  'google/protobuf/{any,api,descriptor,duration,empty,field_mask,source_context,struct,timestamp,type,wrappers}.proto',
  'google/protobuf/compiler/plugin.proto',
];
