import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileRegistry, fromBinary, type DescMethod, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import { WorkbenchError } from '../../../shared/api';

const protosDir = fileURLToPath(new URL('./protos/', import.meta.url));
const bufBinary = fileURLToPath(new URL('../../../node_modules/.bin/buf', import.meta.url));

export const ECHO_SERVICE = 'workbench.testing.v1.EchoService';

export interface EchoDescriptors {
  /** Every file of the test schema (echo.proto and its imports), as protoc would emit them. */
  files: FileDescriptorProto[];
  registry: FileRegistry;
}

let cached: EchoDescriptors | undefined;

/** Compiles testing/protos with the buf CLI (an installed dependency) once per process. */
export function echoDescriptors(): EchoDescriptors {
  if (cached === undefined) {
    const outDir = mkdtempSync(join(tmpdir(), 'workbench-echo-'));
    try {
      const out = join(outDir, 'echo.binpb');
      execFileSync(bufBinary, ['build', protosDir, '--as-file-descriptor-set', '-o', out]);
      const set = fromBinary(FileDescriptorSetSchema, readFileSync(out));
      cached = { files: set.file, registry: createFileRegistry(set) };
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }
  return cached;
}

/**
 * The echo schema as calls need it. Kept to the two members calls use, so call tests do not
 * depend on the schema loaders; method names resolve like the engine's: `pkg.Service/Method` or
 * `pkg.Service.Method`.
 */
export function echoCallSchema(): { registry: FileRegistry; findMethod(name: string): DescMethod } {
  const { registry } = echoDescriptors();
  return {
    registry,
    findMethod: (name) => {
      const separator = name.includes('/') ? name.lastIndexOf('/') : name.lastIndexOf('.');
      const method = registry
        .getService(name.slice(0, separator).replace(/^\//, ''))
        ?.methods.find((candidate) => candidate.name === name.slice(separator + 1));
      if (method === undefined)
        throw new WorkbenchError('unknown_method', `No method ${name} in the echo schema.`, { subject: name });
      return method;
    },
  };
}
