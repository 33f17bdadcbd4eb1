// Not the compiler (proto-files/compile): load-schema imports it when a source has .proto files.
export { parseProtoset, readProtosets } from './protoset';
export { Schema, methodKind, methodPath } from './schema';
export { SchemaStore } from './schema-store';
export { describeDescriptorText, type DescribableDesc } from './describe';
export { parseMethodName, type MethodName } from './symbol-names';
