import type * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { toBinary } from '@bufbuild/protobuf';
import type { DescFile } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { file_grpc_reflection_v1_reflection } from '../../main/engine/gen/grpc/reflection/v1/reflection_pb';
import { file_grpc_reflection_v1alpha_reflection } from '../../main/engine/gen/grpc/reflection/v1alpha/reflection_pb';

/**
 * Server reflection through @grpc/reflection, fed the exact FileDescriptorProtos of our generated
 * files (as protoc emits them) instead of a @grpc/proto-loader package definition, whose files are
 * renamed after their package and merged. @grpc/reflection only reads `fileDescriptorProtos`
 * from each entry of the definition it is given.
 */

/** Which reflection services a backend offers. grpc-go before 1.57 served v1alpha only. */
export type ReflectionMode = 'v1+v1alpha' | 'v1alpha-only' | 'none';

const v1 = { service: 'grpc.reflection.v1.ServerReflection', file: file_grpc_reflection_v1_reflection };
const v1alpha = { service: 'grpc.reflection.v1alpha.ServerReflection', file: file_grpc_reflection_v1alpha_reflection };
const versionsServed: Record<ReflectionMode, (typeof v1)[]> = {
  'v1+v1alpha': [v1, v1alpha],
  'v1alpha-only': [v1alpha],
  none: [],
};

type PackageDefinition = ConstructorParameters<typeof ReflectionService>[0];

/**
 * Adds the reflection services of `mode` to `server`. They describe `files`, everything those
 * import and the reflection protos themselves; list_services answers `services` plus reflection,
 * i.e. what the server really serves.
 */
export function addReflection(
  server: grpc.Server,
  mode: ReflectionMode,
  files: readonly DescFile[],
  services: readonly string[],
): void {
  const versions = versionsServed[mode];
  if (versions.length === 0) return;
  const described = withDependencies([...files, ...versions.map((version) => version.file)]);
  const listed = [...services, ...versions.map((version) => version.service)];
  const reflection = new ReflectionService(packageDefinitionOf(described), { services: listed });
  const wanted = new Set(listed);
  // ReflectionService always registers both versions; let through only the ones this mode serves.
  reflection.addToServer({
    addService: (definition, implementation) => {
      const path = Object.values(definition)[0]?.path ?? '';
      const serviceName = path.split('/')[1] ?? '';
      if (wanted.has(serviceName)) server.addService(definition, implementation);
    },
  });
}

/** The files and their transitive imports, each once, dependencies first. */
export function withDependencies(files: readonly DescFile[]): DescFile[] {
  const ordered = new Map<string, DescFile>();
  const visit = (file: DescFile) => {
    if (ordered.has(file.proto.name)) return;
    file.dependencies.forEach(visit);
    ordered.set(file.proto.name, file);
  };
  files.forEach(visit);
  return [...ordered.values()];
}

function packageDefinitionOf(files: readonly DescFile[]): PackageDefinition {
  const fileDescriptorProtos = files.map((file) => Buffer.from(toBinary(FileDescriptorProtoSchema, file.proto)));
  return {
    'lab.descriptors': { format: 'Protocol Buffer 3 DescriptorProto', type: {}, fileDescriptorProtos },
  };
}
