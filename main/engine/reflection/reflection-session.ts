import { status as grpcStatus, type ClientDuplexStream, type Metadata, type StatusObject } from '@grpc/grpc-js';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import type { SchemaProblem } from '../../../shared/api';
import {
  ServerReflectionRequestSchema,
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from '../gen/grpc/reflection/v1/reflection_pb';
import type { ChannelLease } from '../channel/pool';

export type ReflectionVersion = 'v1' | 'v1alpha';

/** How one reflection stream ended. */
export type SessionOutcome =
  | { kind: 'files'; files: Map<string, FileDescriptorProto>; problems: SchemaProblem[] }
  | { kind: 'unimplemented' }
  | { kind: 'failed'; status: StatusObject }
  /** A dependency the server could not provide: the files that import it cannot be built. */
  | { kind: 'missing-file'; file: string; importedBy: string; message: string }
  /** An answer that is not what it claims (bytes that do not decode): the server is broken. */
  | { kind: 'undecodable'; what: string; reason: string }
  /** The server ended the stream OK with questions unanswered: these would be missing. */
  | { kind: 'ended-early'; unanswered: string[] };

type Request = ServerReflectionRequest['messageRequest'];

/**
 * Crawls a server's schema over one ServerReflectionInfo stream: list services, the file of each
 * service, then every file those depend on — each file requested once, by name. Requests are
 * pipelined; the server answers them in order, so a FIFO pairs each answer with its question.
 *
 * v1 and v1alpha messages are identical on the wire (same fields and numbers; only the package
 * differs), so the v1 generated types serve both and only the method path changes.
 */
export function runReflectionSession(
  lease: ChannelLease,
  version: ReflectionVersion,
  metadata: Metadata,
  deadline: number,
): Promise<SessionOutcome> {
  return new Promise((resolve) => {
    const files = new Map<string, FileDescriptorProto>();
    const requestedFiles = new Set<string>();
    const problems: SchemaProblem[] = [];
    const pending: Request[] = [];
    let answered = false;
    let settled: SessionOutcome | undefined;

    const stream: ClientDuplexStream<Buffer, Buffer> = lease.client.makeBidiStreamRequest(
      `/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`,
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
      metadata,
      { deadline },
    );
    const send = (request: Request): void => {
      pending.push(request);
      stream.write(
        Buffer.from(
          toBinary(ServerReflectionRequestSchema, create(ServerReflectionRequestSchema, { messageRequest: request })),
        ),
      );
    };
    const requestFile = (name: string): void => {
      if (files.has(name) || requestedFiles.has(name)) return;
      requestedFiles.add(name);
      send({ case: 'fileByFilename', value: name });
    };
    const addFiles = (encoded: Uint8Array[], request: Request): void => {
      const added = encoded
        .map((bytes) =>
          decode(() => fromBinary(FileDescriptorProtoSchema, bytes), `a file descriptor for ${String(request.value)}`),
        )
        .filter((file) => !files.has(file.name));
      for (const file of added) files.set(file.name, file);
      // Servers often send a file with its dependencies; only ask for what is still missing.
      for (const file of added) for (const dependency of file.dependency) requestFile(dependency);
    };
    const fail = (outcome: SessionOutcome): void => {
      settled ??= outcome;
      stream.cancel();
    };
    const onResponse = (response: ServerReflectionResponse, request: Request): void => {
      const answer = response.messageResponse;
      switch (answer.case) {
        case 'listServicesResponse':
          for (const service of answer.value.service) send({ case: 'fileContainingSymbol', value: service.name });
          break;
        case 'fileDescriptorResponse':
          addFiles(answer.value.fileDescriptorProto, request);
          break;
        case 'errorResponse': {
          const message = `${answer.value.errorMessage || 'error'} (code ${answer.value.errorCode})`;
          if (request.case === 'fileByFilename') {
            const importedBy = [...files.values()].find((file) => file.dependency.includes(request.value))?.name ?? '?';
            fail({ kind: 'missing-file', file: request.value, importedBy, message });
          } else {
            // One service the server lists but cannot describe should not hide all the others.
            problems.push({
              file: String(request.value),
              message: `reflection could not describe ${String(request.value)}: ${message}`,
            });
          }
          break;
        }
        default:
          break;
      }
    };

    stream.on('data', (bytes: Buffer) => {
      answered = true;
      const request = pending.shift();
      if (request === undefined || settled !== undefined) return;
      // Anything a server sends is untrusted: bytes that do not decode end the session as a
      // reported failure, never as an exception thrown out of a stream event.
      try {
        onResponse(
          decode(() => fromBinary(ServerReflectionResponseSchema, bytes), 'a ServerReflectionResponse'),
          request,
        );
      } catch (error) {
        if (!(error instanceof UndecodableAnswer)) throw error;
        fail({ kind: 'undecodable', what: error.what, reason: error.reason });
        return;
      }
      if (pending.length === 0 && settled === undefined) stream.end();
    });
    stream.on('error', () => undefined); // the 'status' event reports every outcome
    stream.on('status', (status: StatusObject) => {
      if (settled !== undefined) resolve(settled);
      else if (status.code === grpcStatus.OK && pending.length > 0)
        resolve({ kind: 'ended-early', unanswered: pending.map(describeRequest) });
      else if (status.code === grpcStatus.OK) resolve({ kind: 'files', files, problems });
      else if (status.code === grpcStatus.UNIMPLEMENTED && !answered) resolve({ kind: 'unimplemented' });
      else resolve({ kind: 'failed', status });
    });
    send({ case: 'listServices', value: '' });
  });
}

class UndecodableAnswer extends Error {
  constructor(
    readonly what: string,
    readonly reason: string,
  ) {
    super(`${what}: ${reason}`);
  }
}

function decode<T>(read: () => T, what: string): T {
  try {
    return read();
  } catch (error) {
    throw new UndecodableAnswer(what, error instanceof Error ? error.message : String(error));
  }
}

/** What an unanswered request would have described: a service, a file, or the service list. */
function describeRequest(request: Request): string {
  return request.case === 'listServices' ? 'its services' : String(request.value);
}
