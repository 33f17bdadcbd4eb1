import { status as grpcStatus, type ServerDuplexStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { create, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import {
  ErrorResponseSchema,
  FileDescriptorResponseSchema,
  ListServiceResponseSchema,
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from '../gen/grpc/reflection/v1/reflection_pb';

/** One reflection request as a test sees it. */
export interface LoggedReflectionRequest {
  kind: string;
  value: string;
  authorization?: string;
}

type Answer = ServerReflectionResponse['messageResponse'];

/**
 * A grpc.reflection.v1 server that answers each file request with that file alone, never its
 * imports (servers may do this), so clients must follow `dependency` lists themselves.
 */
export function oneFileReflection(
  files: readonly FileDescriptorProto[],
  log: LoggedReflectionRequest[],
): UntypedServiceImplementation {
  const byName = new Map(files.map((file) => [file.name, file]));
  const services = files.flatMap((file) =>
    file.service.map((service) => ({ file, name: `${file.package}.${service.name}` })),
  );
  const notFound = (what: string): Answer => ({
    case: 'errorResponse',
    value: create(ErrorResponseSchema, { errorCode: grpcStatus.NOT_FOUND, errorMessage: `${what} not found` }),
  });
  const fileAnswer = (file: FileDescriptorProto | undefined, what: string): Answer =>
    file === undefined
      ? notFound(what)
      : {
          case: 'fileDescriptorResponse',
          value: create(FileDescriptorResponseSchema, {
            fileDescriptorProto: [toBinary(FileDescriptorProtoSchema, file)],
          }),
        };
  const answer = ({ messageRequest: request }: ServerReflectionRequest): Answer => {
    switch (request.case) {
      case 'listServices':
        return {
          case: 'listServicesResponse',
          value: create(ListServiceResponseSchema, { service: services.map(({ name }) => ({ name })) }),
        };
      case 'fileByFilename':
        return fileAnswer(byName.get(request.value), request.value);
      case 'fileContainingSymbol':
        return fileAnswer(services.find((service) => service.name === request.value)?.file, request.value);
      default:
        return notFound(String(request.case));
    }
  };
  return {
    ServerReflectionInfo: (call: ServerDuplexStream<ServerReflectionRequest, ServerReflectionResponse>) => {
      const authorization = call.metadata.get('authorization')[0];
      call.on('data', (request: ServerReflectionRequest) => {
        log.push({
          kind: String(request.messageRequest.case),
          value: String(request.messageRequest.value),
          ...(authorization === undefined ? {} : { authorization: String(authorization) }),
        });
        call.write(create(ServerReflectionResponseSchema, { messageResponse: answer(request) }));
      });
      call.on('end', () => call.end());
    },
  };
}
