import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import type { PackageDefinition } from '@grpc/proto-loader';
import { toBinary, type DescService } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { Health } from '../gen/grpc/health/v1/health_pb';
import { ServerReflection } from '../gen/grpc/reflection/v1/reflection_pb';
import { certPaths, readCert } from './certs';
import { ECHO_SERVICE, echoDescriptors } from './echo-descriptors';
import { echoServiceImplementation } from './echo-service';
import { TestHealthService } from './health-service';
import { oneFileReflection, type LoggedReflectionRequest } from './one-file-reflection';
import { serviceDefinition } from './service-definition';

export interface TestServerOptions {
  /** 'server': TLS with the lab's server cert; 'mutual': and require a client cert signed by the lab CA. */
  tls?: 'server' | 'mutual';
  /**
   * Which reflection to serve: @grpc/reflection with both versions (default) or v1alpha only, our
   * v1 server that answers with single files (no imports), or none.
   */
  reflection?: 'v1+v1alpha' | 'v1alpha' | 'v1-one-file' | 'none';
  /** Bind address (default 127.0.0.1). */
  host?: string;
  /** A Unix domain socket path to listen on instead (the target is then `unix:PATH`). */
  unixSocket?: string;
}

export interface TestServer {
  /** host:port to dial. */
  target: string;
  port: number;
  health: TestHealthService;
  /** Requests the 'v1-one-file' reflection server received. */
  reflectionRequests: LoggedReflectionRequest[];
  close(): Promise<void>;
}

/** The echo service (+ health, + reflection) on a random loopback port. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const server = new Server();
  const echoService = echoDescriptors().registry.getService(ECHO_SERVICE) as DescService;
  server.addService(serviceDefinition(echoService), echoServiceImplementation());
  const health = new TestHealthService();
  server.addService(serviceDefinition(Health), health.implementation());
  const reflectionRequests: LoggedReflectionRequest[] = [];
  const reflection = options.reflection ?? 'v1+v1alpha';
  if (reflection === 'v1-one-file')
    server.addService(
      serviceDefinition(ServerReflection),
      oneFileReflection(echoDescriptors().files, reflectionRequests),
    );
  else addReflection(server, reflection);

  const host = options.host ?? '127.0.0.1';
  const address = options.unixSocket === undefined ? `${host}:0` : `unix:${options.unixSocket}`;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, serverCredentials(options.tls), (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });
  return {
    target: options.unixSocket === undefined ? `${host}:${port}` : address,
    port,
    health,
    reflectionRequests,
    close: () =>
      new Promise<void>((resolve) => {
        // Force: tests end with streams still open (watchers, cancelled calls).
        server.forceShutdown();
        resolve();
      }),
  };
}

function serverCredentials(tls: TestServerOptions['tls']): ServerCredentials {
  if (tls === undefined) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(
    readCert(certPaths.ca),
    [{ cert_chain: readCert(certPaths.serverCert), private_key: readCert(certPaths.serverKey) }],
    tls === 'mutual',
  );
}

/**
 * @grpc/reflection takes a proto-loader PackageDefinition but only reads each entry's
 * `fileDescriptorProtos`; handing it buf's descriptors serves files exactly as compiled
 * (proto-loader itself would merge files per package).
 */
function addReflection(server: Server, versions: 'v1+v1alpha' | 'v1alpha' | 'none'): void {
  if (versions === 'none') return;
  const fileDescriptorProtos = echoDescriptors().files.map((file) =>
    Buffer.from(toBinary(FileDescriptorProtoSchema, file)),
  );
  const reflection = new ReflectionService({
    [ECHO_SERVICE]: { fileDescriptorProtos },
  } as unknown as PackageDefinition);
  reflection.addToServer({
    addService: (definition, implementation) => {
      const isV1Alpha = Object.values(definition).some((method) => method.path.startsWith('/grpc.reflection.v1alpha.'));
      if (versions === 'v1+v1alpha' || isV1Alpha) server.addService(definition, implementation);
    },
  });
}
