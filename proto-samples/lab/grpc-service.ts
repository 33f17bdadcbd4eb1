import type * as grpc from '@grpc/grpc-js';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import type { DescMessage, DescMethod, DescService, MessageShape } from '@bufbuild/protobuf';

/**
 * grpc-js glue for protobuf-es: a generated service or method description becomes the
 * definition grpc-js needs (path, streaming flags, serializers), for servers and clients alike.
 * Keys are the proto method names and `originalName` the camelCase ones, as @grpc/proto-loader
 * does, so `client.GetUser` and `client.getUser` both exist.
 */

type TypedMethod<I extends DescMessage, O extends DescMessage> = DescMethod & { readonly input: I; readonly output: O };

export function methodDefinition<I extends DescMessage, O extends DescMessage>(
  method: TypedMethod<I, O>,
): grpc.MethodDefinition<MessageShape<I>, MessageShape<O>> {
  const kind = method.methodKind;
  return {
    path: `/${method.parent.typeName}/${method.name}`,
    requestStream: kind === 'client_streaming' || kind === 'bidi_streaming',
    responseStream: kind === 'server_streaming' || kind === 'bidi_streaming',
    requestSerialize: (message) => asBuffer(toBinary(method.input, message)),
    requestDeserialize: (bytes) => fromBinary(method.input, bytes),
    responseSerialize: (message) => asBuffer(toBinary(method.output, message)),
    responseDeserialize: (bytes) => fromBinary(method.output, bytes),
    originalName: method.localName,
  };
}

export function serviceDefinition(service: DescService): grpc.ServiceDefinition {
  return Object.fromEntries(service.methods.map((method) => [method.name, methodDefinition(method)]));
}

/** grpc-js wants a Buffer; wrapping the encoder's bytes avoids a copy per message. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
