export { compileProtoFiles, type CompileProtoFilesOptions, type CompileProtoFilesResult } from './proto-files/compile';
export { parseProtoset, readProtosets } from './protoset';
export { Schema, methodKind, methodPath } from './schema';
export { SchemaStore } from './schema-store';
export { describeDescriptorText, type DescribableDesc } from './describe';
export { parseMethodName, type MethodName } from './symbol-names';
