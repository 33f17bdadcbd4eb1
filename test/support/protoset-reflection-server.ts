import { Server, ServerCredentials, status as grpcStatus, type ServerDuplexStream } from '@grpc/grpc-js';
import { create, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import {
  ErrorResponseSchema,
  FileDescriptorResponseSchema,
  ListServiceResponseSchema,
  ServerReflection,
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from '../../main/engine/gen/grpc/reflection/v1/reflection_pb';
import { serviceDefinition } from '../../main/engine/testing/service-definition';

/** What a protoset reflection server has answered, summed over its streams. */
export interface ReflectionTraffic {
  requests: number;
  /** Encoded FileDescriptorProto bytes sent. */
  fileBytes: number;
  /** Requests by kind, e.g. `listServices`, `fileContainingSymbol`. */
  byKind: Map<string, number>;
}

export interface ProtosetReflectionServer {
  target: string;
  traffic: ReflectionTraffic;
  resetTraffic(): void;
  close(): Promise<void>;
}

interface IndexedFile {
  encoded: Uint8Array;
  dependencies: readonly string[];
}

type Answer = ServerReflectionResponse['messageResponse'];

/**
 * A grpc.reflection.v1 server for a set of files, answering as grpc-go does: each file answer
 * carries the file and those of its (transitive) imports not yet sent on this stream. Symbols are
 * services, their methods and top-level messages. Files are encoded once, up front, so a benchmark
 * measures the client, not this server.
 */
export async function startProtosetReflectionServer(
  files: readonly FileDescriptorProto[],
): Promise<ProtosetReflectionServer> {
  const byName = new Map<string, IndexedFile>();
  const fileOfSymbol = new Map<string, string>();
  const services: string[] = [];
  for (const file of files) {
    byName.set(file.name, { encoded: toBinary(FileDescriptorProtoSchema, file), dependencies: file.dependency });
    const prefix = file.package === '' ? '' : `${file.package}.`;
    for (const service of file.service) {
      services.push(`${prefix}${service.name}`);
      fileOfSymbol.set(`${prefix}${service.name}`, file.name);
      for (const method of service.method) fileOfSymbol.set(`${prefix}${service.name}.${method.name}`, file.name);
    }
    for (const message of file.messageType) fileOfSymbol.set(`${prefix}${message.name}`, file.name);
  }
  const traffic: ReflectionTraffic = { requests: 0, fileBytes: 0, byKind: new Map() };

  /** The file first, then its imports not yet sent, breadth-first (iterative: server data can be deep). */
  const withUnsentImports = (name: string, sent: Set<string>): Uint8Array[] => {
    const answer: Uint8Array[] = [];
    const queue = [name];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const current = queue.shift()!;
      if (seen.has(current)) continue;
      seen.add(current);
      const file = byName.get(current);
      if (file === undefined) continue;
      if (current === name || !sent.has(current)) {
        answer.push(file.encoded);
        sent.add(current);
        traffic.fileBytes += file.encoded.length;
      }
      queue.push(...file.dependencies);
    }
    return answer;
  };
  const notFound = (what: string): Answer => ({
    case: 'errorResponse',
    value: create(ErrorResponseSchema, { errorCode: grpcStatus.NOT_FOUND, errorMessage: `${what} not found` }),
  });
  const fileAnswer = (name: string | undefined, what: string, sent: Set<string>): Answer =>
    name === undefined || !byName.has(name)
      ? notFound(what)
      : {
          case: 'fileDescriptorResponse',
          value: create(FileDescriptorResponseSchema, { fileDescriptorProto: withUnsentImports(name, sent) }),
        };
  const answer = ({ messageRequest: request }: ServerReflectionRequest, sent: Set<string>): Answer => {
    switch (request.case) {
      case 'listServices':
        return {
          case: 'listServicesResponse',
          value: create(ListServiceResponseSchema, { service: services.map((name) => ({ name })) }),
        };
      case 'fileByFilename':
        return fileAnswer(request.value, request.value, sent);
      case 'fileContainingSymbol':
        return fileAnswer(fileOfSymbol.get(request.value), request.value, sent);
      default:
        return notFound(String(request.case));
    }
  };

  const server = new Server();
  server.addService(serviceDefinition(ServerReflection), {
    ServerReflectionInfo: (call: ServerDuplexStream<ServerReflectionRequest, ServerReflectionResponse>) => {
      const sent = new Set<string>();
      call.on('data', (request: ServerReflectionRequest) => {
        traffic.requests++;
        const kind = String(request.messageRequest.case);
        traffic.byKind.set(kind, (traffic.byKind.get(kind) ?? 0) + 1);
        call.write(create(ServerReflectionResponseSchema, { messageResponse: answer(request, sent) }));
      });
      call.on('end', () => call.end());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    target: `127.0.0.1:${port}`,
    traffic,
    resetTraffic: () => {
      traffic.requests = 0;
      traffic.fileBytes = 0;
      traffic.byKind.clear();
    },
    close: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}
