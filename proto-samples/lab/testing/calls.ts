import * as grpc from '@grpc/grpc-js';
import type { DescMessage, DescMethod, MessageShape } from '@bufbuild/protobuf';
import { methodDefinition } from '../grpc-service';

/**
 * Test-side helpers: plain grpc-js calls over protobuf-es serializers that record everything a
 * response carries — headers, messages, trailers, status — whatever the call's kind.
 */

export interface CallOutcome<T> {
  /** null for a trailers-only response (an error before any headers). */
  headers: grpc.Metadata | null;
  messages: T[];
  status: grpc.StatusObject;
  /** The status' metadata, i.e. the trailers. */
  trailers: grpc.Metadata;
}

type Method<I extends DescMessage, O extends DescMessage> = DescMethod & { readonly input: I; readonly output: O };

export interface CallSettings {
  metadata?: grpc.Metadata;
  options?: grpc.CallOptions;
}

export function unaryCall<I extends DescMessage, O extends DescMessage>(
  client: grpc.Client,
  method: Method<I, O>,
  request: MessageShape<I>,
  { metadata = new grpc.Metadata(), options = {} }: CallSettings = {},
): Promise<CallOutcome<MessageShape<O>>> {
  const def = methodDefinition(method);
  const messages: MessageShape<O>[] = [];
  const call = client.makeUnaryRequest(
    def.path,
    def.requestSerialize,
    def.responseDeserialize,
    request,
    metadata,
    options,
    (_error, response) => {
      if (response) messages.push(response);
    },
  );
  return outcomeOf(call, messages);
}

export function serverStreamCall<I extends DescMessage, O extends DescMessage>(
  client: grpc.Client,
  method: Method<I, O>,
  request: MessageShape<I>,
  { metadata = new grpc.Metadata(), options = {} }: CallSettings = {},
): Promise<CallOutcome<MessageShape<O>>> {
  const def = methodDefinition(method);
  const call = client.makeServerStreamRequest(
    def.path,
    def.requestSerialize,
    def.responseDeserialize,
    request,
    metadata,
    options,
  );
  return outcomeOf(call, readAll(call));
}

export function clientStreamCall<I extends DescMessage, O extends DescMessage>(
  client: grpc.Client,
  method: Method<I, O>,
  requests: readonly MessageShape<I>[],
  { metadata = new grpc.Metadata(), options = {} }: CallSettings = {},
): Promise<CallOutcome<MessageShape<O>>> {
  const def = methodDefinition(method);
  const messages: MessageShape<O>[] = [];
  const call = client.makeClientStreamRequest(
    def.path,
    def.requestSerialize,
    def.responseDeserialize,
    metadata,
    options,
    (_error, response) => {
      if (response) messages.push(response);
    },
  );
  writeAllAndHalfClose(call, requests);
  return outcomeOf(call, messages);
}

export function bidiCall<I extends DescMessage, O extends DescMessage>(
  client: grpc.Client,
  method: Method<I, O>,
  requests: readonly MessageShape<I>[],
  { metadata = new grpc.Metadata(), options = {} }: CallSettings = {},
): Promise<CallOutcome<MessageShape<O>>> {
  const def = methodDefinition(method);
  const call = client.makeBidiStreamRequest(def.path, def.requestSerialize, def.responseDeserialize, metadata, options);
  const messages = readAll(call);
  writeAllAndHalfClose(call, requests);
  return outcomeOf(call, messages);
}

function readAll<T>(call: grpc.ClientReadableStream<T> | grpc.ClientDuplexStream<unknown, T>): T[] {
  const messages: T[] = [];
  call.on('data', (message: T) => messages.push(message));
  // The status event reports errors; without an 'error' listener a stream error would be thrown.
  call.on('error', () => undefined);
  return messages;
}

function writeAllAndHalfClose<T>(
  call: grpc.ClientWritableStream<T> | grpc.ClientDuplexStream<T, unknown>,
  requests: readonly T[],
): void {
  for (const request of requests) call.write(request);
  call.end();
}

function outcomeOf<T>(call: grpc.Call, messages: T[]): Promise<CallOutcome<T>> {
  let headers: grpc.Metadata | null = null;
  call.on('metadata', (metadata: grpc.Metadata) => (headers = metadata));
  // 'status' comes after the last message and after a unary callback has run.
  return new Promise((resolve) =>
    call.on('status', (status: grpc.StatusObject) => resolve({ headers, messages, status, trailers: status.metadata })),
  );
}

/** A client with its own connection (no subchannel sharing between clients), like a fresh process. */
export function newClient(
  target: string,
  credentials = grpc.credentials.createInsecure(),
  options: grpc.ChannelOptions = {},
): grpc.Client {
  return new grpc.Client(target, credentials, { 'grpc.use_local_subchannel_pool': 1, ...options });
}
