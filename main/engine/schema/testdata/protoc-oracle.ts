/**
 * Test helpers around protoc, the oracle our descriptors are compared with (run through
 * test/support/protoc.ts, which gives it the well-known types explicitly). Its absence is a
 * failure, not a skip: CI installs it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileRegistry, fromBinary, toJson, type JsonValue } from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type FileDescriptorProto,
  type FileDescriptorSet,
} from '@bufbuild/protobuf/wkt';
import { runProtoc } from '../../../../test/support/protoc';

export const quirkyDir = join(import.meta.dirname, 'quirky');
export const quirkyRoots = [join(quirkyDir, 'root_b'), join(quirkyDir, 'root_a')];
export const quirkyTargets = [
  join(quirkyDir, 'root_b/quirky/shop/v1/shop.proto'),
  join(quirkyDir, 'root_b/quirky/shop/v1/admin.proto'),
];

/** Runs `protoc --include_imports --descriptor_set_out` and returns the raw bytes it wrote. */
export function protocDescriptorSetBytes(importPaths: readonly string[], files: readonly string[]): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'protoc-oracle-'));
  try {
    const out = join(dir, 'set.binpb');
    runProtoc([
      ...importPaths.map((path) => `-I${path}`),
      '--include_imports',
      `--descriptor_set_out=${out}`,
      ...files,
    ]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function protocDescriptorSet(importPaths: readonly string[], files: readonly string[]): FileDescriptorSet {
  return fromBinary(FileDescriptorSetSchema, protocDescriptorSetBytes(importPaths, files));
}

/**
 * Each file as proto JSON keyed by name. The registry (built from the oracle's own set) makes
 * custom options appear as `[pkg.ext]` keys, so they are compared too, not skipped as unknown fields.
 */
export function filesAsJson(set: FileDescriptorSet, oracle: FileDescriptorSet): Map<string, JsonValue> {
  const registry = createFileRegistry(oracle);
  return new Map(
    set.file.map((file: FileDescriptorProto) => [file.name, toJson(FileDescriptorProtoSchema, file, { registry })]),
  );
}
