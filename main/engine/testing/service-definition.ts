import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { fromBinary, toBinary, type DescMessage, type DescService, type Message } from '@bufbuild/protobuf';

/**
 * A grpc-js server definition for a protobuf-es service descriptor: requests arrive as protobuf-es
 * messages; a handler answers with a message, or with a Buffer sent as-is (to test odd payloads).
 */
export function serviceDefinition(service: DescService): ServiceDefinition {
  const definition: Record<string, MethodDefinition<Message, Message | Buffer>> = {};
  for (const method of service.methods) {
    definition[method.name] = {
      path: `/${service.typeName}/${method.name}`,
      requestStream: method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming',
      responseStream: method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming',
      requestSerialize: (value: Message) => Buffer.from(toBinary(method.input as DescMessage, value)),
      requestDeserialize: (bytes: Buffer) => fromBinary(method.input as DescMessage, bytes),
      responseSerialize: (value: Message | Buffer) =>
        Buffer.isBuffer(value) ? value : Buffer.from(toBinary(method.output as DescMessage, value)),
      responseDeserialize: (bytes: Buffer) => fromBinary(method.output as DescMessage, bytes),
    };
  }
  return definition;
}
