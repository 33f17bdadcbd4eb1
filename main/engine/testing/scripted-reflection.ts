import { Server, ServerCredentials, type ServerDuplexStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import {
  ServerReflection,
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from '../gen/grpc/reflection/v1/reflection_pb';
import { serviceDefinition } from './service-definition';

/**
 * What a scripted reflection server does with one request: answer it (a response, or raw bytes sent
 * as-is to test garbage), end the stream OK without answering, or never answer.
 */
export type ScriptedAnswer = ServerReflectionResponse['messageResponse'] | Buffer | 'end' | 'hang';

/** A grpc.reflection.v1 implementation whose every answer the test decides: a server that lies. */
export function scriptedReflection(
  answer: (request: ServerReflectionRequest['messageRequest'], index: number) => ScriptedAnswer,
): UntypedServiceImplementation {
  return {
    ServerReflectionInfo: (call: ServerDuplexStream<ServerReflectionRequest, ServerReflectionResponse | Buffer>) => {
      let index = 0;
      call.on('data', (request: ServerReflectionRequest) => {
        const reply = answer(request.messageRequest, index++);
        if (reply === 'hang') return;
        if (reply === 'end') return call.end();
        call.write(Buffer.isBuffer(reply) ? reply : create(ServerReflectionResponseSchema, { messageResponse: reply }));
      });
      call.on('end', () => call.end());
    },
  };
}

export interface ReflectionServer {
  target: string;
  close(): void;
}

/** A reflection implementation (scripted, or oneFileReflection over any files) alone on a loopback port. */
export async function startReflectionServer(implementation: UntypedServiceImplementation): Promise<ReflectionServer> {
  const server = new Server();
  server.addService(serviceDefinition(ServerReflection), implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { target: `127.0.0.1:${port}`, close: () => server.forceShutdown() };
}
