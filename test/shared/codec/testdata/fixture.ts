/**
 * The codec tests' schema: testdata/*.proto compiled by protoc (the oracle) into a registry.
 * These tests mirror shared/codec under test/ because they run protoc and read files (Node),
 * which code and tests inside shared/ must not.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileRegistry, fromBinary, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { runProtoc } from '../../../support/protoc';

/** Where the fixture protos live: protoc runs here (for --encode/--decode too). */
export const testdataDir = fileURLToPath(new URL('.', import.meta.url));

/** Compiles the fixture protos with protoc and returns them as a registry. */
export function compileFixture(): FileRegistry {
  const descriptorSetFile = join(mkdtempSync(join(tmpdir(), 'codec-')), 'fixture.pb');
  runProtoc(fixtureProtocArgs(descriptorSetFile), { cwd: testdataDir });
  return fixtureRegistry(readFileSync(descriptorSetFile));
}

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
