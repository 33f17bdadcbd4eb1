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
import { alwaysAvailableFileEncodedAs } from '../schema/well-known-files';
import { encodedFileName } from './file-name';

export type ReflectionVersion = 'v1' | 'v1alpha';

/** How one reflection stream ended. */
export type SessionOutcome =
  | {
      kind: 'files';
      files: Map<string, FileDescriptorProto>;
      problems: SchemaProblem[];
      /** The services ListServices named (absent when the session did not ask). */
      listedServices?: string[];
    }
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
 * What a session fetches. `symbols` absent: the whole server (the UI's tree) — ListServices, then
 * the file of each service not already defined by a file received, at most PIPELINE_DEPTH requests
 * in flight so answers can make later requests unnecessary. `symbols: []`: ListServices alone
 * (grpcurl's `list`). `symbols: [names]`: the file containing each (grpcurl's `describe X`, a call),
 * and only the imports the server did not send with it.
 */
export interface ReflectionScope {
  symbols?: readonly string[];
}

/**
 * Requests in flight at once. Enough to hide the round trip; few enough that an answer carrying
 * many files (grpc-go sends each file's imports not yet sent) saves the requests queued behind it.
 */
const PIPELINE_DEPTH = 8;

/**
 * One ServerReflectionInfo stream fetching `scope`. The server answers requests in order, so a FIFO
 * pairs each answer with its question. Each file is decoded once: its name is read from the bytes
 * first and a file already held is skipped undecoded; a well-known file sent byte for byte as our
 * generated copy is taken as that copy (already decoded and linked: well-known-files.ts).
 *
 * v1 and v1alpha messages are identical on the wire (same fields and numbers; only the package
 * differs), so the v1 generated types serve both and only the method path changes.
 */
export function runReflectionSession(
  lease: ChannelLease,
  version: ReflectionVersion,
  metadata: Metadata,
  deadline: number,
  scope: ReflectionScope = {},
): Promise<SessionOutcome> {
  return new Promise((resolve) => {
    const files = new Map<string, FileDescriptorProto>();
    const requestedFiles = new Set<string>();
    /** Services defined by the files received: their own fileContainingSymbol would be redundant. */
    const definedServices = new Set<string>();
    const problems: SchemaProblem[] = [];
    const pending: Request[] = [];
    /** Requests not sent yet, because PIPELINE_DEPTH are in flight or their package's first answer is due. */
    const queued: Request[] = [];
    /** Packages a fileContainingSymbol went out for: 'asked' until the first of them is answered. */
    const packagesAsked = new Map<string, 'asked' | 'answered'>();
    let listedServices: string[] | undefined;
    let answered = false;
    let settled: SessionOutcome | undefined;

    const stream: ClientDuplexStream<Buffer, Buffer> = lease.client.makeBidiStreamRequest(
      `/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`,
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
      metadata,
      { deadline },
    );
    const isRedundant = (request: Request): boolean =>
      request.case === 'fileContainingSymbol'
        ? definedServices.has(request.value)
        : request.case === 'fileByFilename' && files.has(request.value);
    /**
     * In the whole-server crawl a service waits while its package's first answer is still coming:
     * services of one package usually share a file, which that answer then carries, and asking
     * again before it arrives would make the server send that file again (grpc-go re-sends the
     * file asked for even when the stream had it — all of a 1 MB compute.proto per extra request).
     * Once the package has an answer its remaining services go out as usual (or not at all).
     */
    const waitsForItsPackage = (request: Request): boolean =>
      scope.symbols === undefined &&
      request.case === 'fileContainingSymbol' &&
      packagesAsked.get(packageOf(request.value)) === 'asked';
    const pump = (): void => {
      for (let index = 0; pending.length < PIPELINE_DEPTH && index < queued.length;) {
        const request = queued[index]!;
        if (waitsForItsPackage(request)) {
          index++;
          continue;
        }
        queued.splice(index, 1);
        if (!isRedundant(request)) send(request);
      }
    };
    const send = (request: Request): void => {
      pending.push(request);
      if (request.case === 'fileContainingSymbol') {
        const packageName = packageOf(request.value);
        if (!packagesAsked.has(packageName)) packagesAsked.set(packageName, 'asked');
      }
      stream.write(
        Buffer.from(
          toBinary(ServerReflectionRequestSchema, create(ServerReflectionRequestSchema, { messageRequest: request })),
        ),
      );
    };
    const requestFile = (name: string): void => {
      if (files.has(name) || requestedFiles.has(name)) return;
      requestedFiles.add(name);
      queued.push({ case: 'fileByFilename', value: name });
    };
    const addFiles = (encoded: Uint8Array[], request: Request): void => {
      const added: FileDescriptorProto[] = [];
      for (const bytes of encoded) {
        // The name is read before the rest is decoded: a file already held is never decoded again.
        const name = encodedFileName(bytes);
        if (name !== undefined && files.has(name)) continue;
        const file =
          (name === undefined ? undefined : alwaysAvailableFileEncodedAs(name, bytes)) ??
          decode(() => fromBinary(FileDescriptorProtoSchema, bytes), `a file descriptor for ${String(request.value)}`);
        if (files.has(file.name)) continue;
        files.set(file.name, file);
        for (const service of file.service)
          definedServices.add(file.package === '' ? service.name : `${file.package}.${service.name}`);
        added.push(file);
      }
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
          listedServices = answer.value.service.map((service) => service.name);
          if (scope.symbols === undefined)
            for (const name of interleavedByPackage(listedServices))
              queued.push({ case: 'fileContainingSymbol', value: name });
          break;
        case 'fileDescriptorResponse':
          addFiles(answer.value.fileDescriptorProto, request);
          break;
        case 'errorResponse': {
          const message = `${answer.value.errorMessage || 'error'} (code ${answer.value.errorCode})`;
          if (request.case === 'fileByFilename') {
            const importedBy = [...files.values()].find((file) => file.dependency.includes(request.value))?.name ?? '?';
            fail({ kind: 'missing-file', file: request.value, importedBy, message });
          } else if (scope.symbols !== undefined) {
            // A symbol the command asked for is unknown: the schema lookup reports it, and the
            // service names (one more request) let it suggest what was meant.
            if (
              listedServices === undefined &&
              !pending.some((pendingRequest) => pendingRequest.case === 'listServices')
            )
              send({ case: 'listServices', value: '' });
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
      if (request.case === 'fileContainingSymbol') packagesAsked.set(packageOf(request.value), 'answered');
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
      if (settled !== undefined) return;
      pump();
      if (pending.length === 0) stream.end();
    });
    stream.on('error', () => undefined); // the 'status' event reports every outcome
    stream.on('status', (status: StatusObject) => {
      if (settled !== undefined) resolve(settled);
      else if (status.code === grpcStatus.OK && (pending.length > 0 || queued.some((r) => !isRedundant(r))))
        resolve({
          kind: 'ended-early',
          unanswered: [...pending, ...queued.filter((r) => !isRedundant(r))].map(describeRequest),
        });
      else if (status.code === grpcStatus.OK)
        resolve({ kind: 'files', files, problems, ...(listedServices === undefined ? {} : { listedServices }) });
      else if (status.code === grpcStatus.UNIMPLEMENTED && !answered) resolve({ kind: 'unimplemented' });
      else resolve({ kind: 'failed', status });
    });
    if (scope.symbols === undefined || scope.symbols.length === 0) send({ case: 'listServices', value: '' });
    else {
      // grpcurl accepts a leading dot (`.pkg.Message`); reflection wants the bare full name.
      for (const symbol of scope.symbols)
        queued.push({ case: 'fileContainingSymbol', value: symbol.replace(/^\./, '') });
      pump();
    }
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

/**
 * Service names taking turns by package: services of one package usually share a file, so the
 * requests in flight ask for different files, and by the time a package's next service comes up its
 * file has usually arrived and the request is skipped.
 */
function interleavedByPackage(names: readonly string[]): string[] {
  const byPackage = new Map<string, string[]>();
  for (const name of names) {
    const packageName = packageOf(name);
    const group = byPackage.get(packageName);
    if (group === undefined) byPackage.set(packageName, [name]);
    else group.push(name);
  }
  const groups = [...byPackage.values()];
  const interleaved: string[] = [];
  for (let index = 0; interleaved.length < names.length; index++)
    for (const group of groups) if (index < group.length) interleaved.push(group[index]!);
  return interleaved;
}

/** The package part of a fully-qualified name (everything before the last dot). */
function packageOf(name: string): string {
  return name.slice(0, Math.max(0, name.lastIndexOf('.')));
}
