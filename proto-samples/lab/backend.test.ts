import * as grpc from '@grpc/grpc-js';
import { create, equals, fromBinary, isMessage } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Channelz, GetServersRequestSchema } from '../../main/engine/gen/grpc/channelz/v1/channelz_pb';
import { ErrorInfoSchema, RetryInfoSchema } from '../../main/engine/gen/google/rpc/error_details_pb';
import {
  Health,
  HealthCheckRequestSchema,
  HealthCheckResponse_ServingStatus as ServingStatus,
  HealthListRequestSchema,
} from '../../main/engine/gen/grpc/health/v1/health_pb';
import * as reflectionV1 from '../../main/engine/gen/grpc/reflection/v1/reflection_pb';
import * as reflectionV1alpha from '../../main/engine/gen/grpc/reflection/v1alpha/reflection_pb';
import {
  ChatMessageSchema,
  GetUserRequestSchema,
  ListUsersRequestSchema,
  UserSchema,
  UserService,
} from '../gen/user/v1/user_pb';
import { startBackend } from './backend';
import type { BackendOptions } from './backend';
import { methodDefinition } from './grpc-service';
import { labCertificates } from './tls';
import { bidiCall, clientStreamCall, newClient, serverStreamCall, unaryCall } from './testing/calls';
import { richStatusOf } from './testing/details';
import { runProtoc } from '../../test/support/protoc';

const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const resource of opened.splice(0).reverse()) await resource.close();
});

async function backendWithClient(options: Partial<BackendOptions> = {}, credentials?: grpc.ChannelCredentials) {
  const backend = await startBackend({ name: 'pod-b', ...options });
  const client = newClient(backend.address, credentials);
  opened.push(backend, client);
  return { backend, client };
}

const getUser1 = (client: grpc.Client) =>
  unaryCall(client, UserService.method.getUser, create(GetUserRequestSchema, { id: 'u1' }));

describe('backend behaviour', () => {
  it('fails every kind of application call with the chosen status while failing, and recovers', async () => {
    const { backend, client } = await backendWithClient();
    backend.setBehavior({ failure: { code: grpc.status.UNAVAILABLE, message: 'draining' } });

    const unary = await getUser1(client);
    expect(unary.status).toMatchObject({ code: grpc.status.UNAVAILABLE, details: 'draining' });
    expect(unary.trailers.get('x-backend')).toEqual(['pod-b']);
    const [info, retry] = richStatusOf(unary.trailers).details;
    expect(isMessage(info, ErrorInfoSchema) && info).toMatchObject({
      reason: 'BACKEND_FAILING',
      metadata: { backend: 'pod-b' },
    });
    expect(isMessage(retry, RetryInfoSchema) && retry.retryDelay?.seconds).toBe(1n);

    const stream = await serverStreamCall(client, UserService.method.listUsers, create(ListUsersRequestSchema));
    const imported = await clientStreamCall(client, UserService.method.importUsers, [
      create(UserSchema, { id: 'u1', name: 'x' }),
    ]);
    const chat = await bidiCall(client, UserService.method.chat, [create(ChatMessageSchema)]);
    expect([stream, imported, chat].map((outcome) => [outcome.status.code, outcome.messages.length])).toEqual([
      [grpc.status.UNAVAILABLE, 0],
      [grpc.status.UNAVAILABLE, 0],
      [grpc.status.UNAVAILABLE, 0],
    ]);

    backend.setBehavior({ failure: null });
    expect((await getUser1(client)).status.code).toBe(grpc.status.OK);
  });

  it('names the code in the default failure message', async () => {
    const { client } = await backendWithClient({ behavior: { failure: { code: grpc.status.INTERNAL } } });
    const { status } = await getUser1(client);
    expect(status.code).toBe(grpc.status.INTERNAL);
    expect(status.details).toContain('INTERNAL');
    expect(status.details).toContain('pod-b');
  });

  it('delays application calls while slow, so a short deadline expires', async () => {
    const { backend, client } = await backendWithClient({ behavior: { delayMs: 30_000 } });
    const slow = await unaryCall(client, UserService.method.getUser, create(GetUserRequestSchema, { id: 'u1' }), {
      options: { deadline: Date.now() + 200 },
    });
    expect(slow.status.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    backend.setBehavior({ delayMs: 1 });
    expect((await getUser1(client)).status.code).toBe(grpc.status.OK);
  });

  it('keeps health and reflection out of the application behaviour', async () => {
    const { client } = await backendWithClient({
      behavior: { failure: { code: grpc.status.INTERNAL }, delayMs: 30_000 },
    });
    const health = await unaryCall(client, Health.method.check, create(HealthCheckRequestSchema), {
      options: { deadline: Date.now() + 10_000 },
    });
    expect(health.messages[0]?.status).toBe(ServingStatus.SERVING);
    expect(health.headers?.get('x-backend')).toEqual(['pod-b']);
  });

  it('refuses a behaviour that makes no sense', async () => {
    const { backend } = await backendWithClient();
    expect(() => backend.setBehavior({ failure: { code: 0 } })).toThrow(/failure code/);
    expect(() => backend.setBehavior({ delayMs: -1 })).toThrow(/delayMs/);
    expect(backend.behavior).toEqual({ delayMs: 0, failure: null, notServing: false });
  });
});

describe('grpc.health.v1', () => {
  const check = (client: grpc.Client, service: string) =>
    unaryCall(client, Health.method.check, create(HealthCheckRequestSchema, { service }));

  it('reports SERVING, NOT_SERVING while told so, and NOT_FOUND for unknown services', async () => {
    const { backend, client } = await backendWithClient();
    expect((await check(client, '')).messages[0]?.status).toBe(ServingStatus.SERVING);
    backend.setBehavior({ notServing: true });
    expect((await check(client, '')).messages[0]?.status).toBe(ServingStatus.NOT_SERVING);
    expect((await check(client, 'user.v1.UserService')).messages[0]?.status).toBe(ServingStatus.NOT_SERVING);
    expect((await check(client, 'nope.Service')).status.code).toBe(grpc.status.NOT_FOUND);
  });

  it('lists every service it reports on (gRFC A90 List), following its behaviour', async () => {
    const { backend, client } = await backendWithClient();
    const list = async () => {
      const { status, messages } = await unaryCall(client, Health.method.list, create(HealthListRequestSchema));
      expect(status.code).toBe(grpc.status.OK);
      return Object.fromEntries(Object.entries(messages[0]?.statuses ?? {}).map(([name, r]) => [name, r.status]));
    };
    expect(await list()).toEqual({ '': ServingStatus.SERVING, 'user.v1.UserService': ServingStatus.SERVING });
    backend.setBehavior({ notServing: true });
    expect(await list()).toEqual({ '': ServingStatus.NOT_SERVING, 'user.v1.UserService': ServingStatus.NOT_SERVING });
  });

  it('streams changes to watchers', async () => {
    const { backend, client } = await backendWithClient();
    const def = methodDefinition(Health.method.watch);
    const call = client.makeServerStreamRequest(
      def.path,
      def.requestSerialize,
      def.responseDeserialize,
      create(HealthCheckRequestSchema),
    );
    call.on('error', () => undefined);
    const seen: ServingStatus[] = [];
    await new Promise<void>((done) =>
      call.on('data', (response: { status: ServingStatus }) => {
        seen.push(response.status);
        if (seen.length === 1) backend.setBehavior({ notServing: true });
        if (seen.length === 2) done();
      }),
    );
    call.cancel();
    expect(seen).toEqual([ServingStatus.SERVING, ServingStatus.NOT_SERVING]);
  });
});

type ReflectionApi = typeof reflectionV1 | typeof reflectionV1alpha;

async function reflect(
  client: grpc.Client,
  api: ReflectionApi,
  requests: Parameters<typeof create<typeof reflectionV1.ServerReflectionRequestSchema>>[1][],
) {
  // v1 and v1alpha messages have the same shape; only their package differs, so v1's types serve both.
  const method = api.ServerReflection.method
    .serverReflectionInfo as typeof reflectionV1.ServerReflection.method.serverReflectionInfo;
  return bidiCall(
    client,
    method,
    requests.map((init) => create(method.input, init)),
  );
}

function listedServices(response: reflectionV1.ServerReflectionResponse | undefined): string[] {
  return response?.messageResponse.case === 'listServicesResponse'
    ? response.messageResponse.value.service.map((s) => s.name).sort()
    : [];
}

describe('server reflection', () => {
  const everyService = [
    'grpc.channelz.v1.Channelz',
    'grpc.health.v1.Health',
    'grpc.reflection.v1.ServerReflection',
    'grpc.reflection.v1alpha.ServerReflection',
    'user.v1.UserService',
  ];

  it.each([
    ['v1', reflectionV1],
    ['v1alpha', reflectionV1alpha],
  ] as const)('lists every served service over %s', async (_version, api) => {
    const { client } = await backendWithClient();
    const { status, messages, headers } = await reflect(client, api, [
      { messageRequest: { case: 'listServices', value: '*' } },
    ]);
    expect(status.code).toBe(grpc.status.OK);
    expect(headers?.get('x-backend')).toEqual(['pod-b']);
    expect(listedServices(messages[0])).toEqual(everyService);
  });

  it('serves the same descriptors protoc produces for our files, with every import', async () => {
    const { client } = await backendWithClient();
    const { messages } = await reflect(client, reflectionV1, [
      { messageRequest: { case: 'fileContainingSymbol', value: 'user.v1.UserService' } },
    ]);
    const response = messages[0]?.messageResponse;
    const served =
      response?.case === 'fileDescriptorResponse'
        ? response.value.fileDescriptorProto.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes))
        : [];
    const fromProtoc = protocDescriptors('user/v1/user.proto');
    expect(served.map((file) => file.name).sort()).toEqual(fromProtoc.map((file) => file.name).sort());
    for (const name of ['user/v1/user.proto', 'common/v1/common.proto']) {
      const ours = served.find((file) => file.name === name);
      const theirs = fromProtoc.find((file) => file.name === name);
      expect(ours && theirs && equals(FileDescriptorProtoSchema, ours, theirs), name).toBe(true);
    }
  });

  it('describes the google.rpc error details a client needs to decode statuses', async () => {
    const { client } = await backendWithClient();
    const { messages } = await reflect(client, reflectionV1, [
      { messageRequest: { case: 'fileContainingSymbol', value: 'google.rpc.BadRequest' } },
    ]);
    expect(messages[0]?.messageResponse.case).toBe('fileDescriptorResponse');
  });

  it('serves only v1alpha when asked to, like grpc-go before 1.57', async () => {
    const { client } = await backendWithClient({ reflection: 'v1alpha-only' });
    const v1 = await reflect(client, reflectionV1, [{ messageRequest: { case: 'listServices', value: '*' } }]);
    expect(v1.status.code).toBe(grpc.status.UNIMPLEMENTED);
    const v1alpha = await reflect(client, reflectionV1alpha, [
      { messageRequest: { case: 'listServices', value: '*' } },
    ]);
    expect(listedServices(v1alpha.messages[0])).toEqual(
      everyService.filter((name) => name !== 'grpc.reflection.v1.ServerReflection'),
    );
  });

  it('serves no reflection at all when asked to', async () => {
    const { client } = await backendWithClient({ reflection: 'none' });
    for (const api of [reflectionV1, reflectionV1alpha]) {
      const { status } = await reflect(client, api, [{ messageRequest: { case: 'listServices', value: '*' } }]);
      expect(status.code).toBe(grpc.status.UNIMPLEMENTED);
    }
  });
});

function protocDescriptors(file: string) {
  const work = mkdtempSync(join(tmpdir(), 'lab-protoc-'));
  try {
    const out = join(work, 'set.pb');
    runProtoc([
      '-I',
      resolve(import.meta.dirname, '../protos'),
      '--include_imports',
      `--descriptor_set_out=${out}`,
      file,
    ]);
    return fromBinary(FileDescriptorSetSchema, readFileSync(out)).file;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

describe('channelz', () => {
  it('answers GetServers', async () => {
    const { client } = await backendWithClient();
    const { status, messages } = await unaryCall(client, Channelz.method.getServers, create(GetServersRequestSchema));
    expect(status.code).toBe(grpc.status.OK);
    expect(messages[0]?.server.length).toBeGreaterThan(0);
  });
});

describe('TLS', () => {
  const certs = labCertificates();
  const trustLabCa = () => grpc.credentials.createSsl(readFileSync(certs.ca));

  it('serves TLS with the lab certificate', async () => {
    const { client } = await backendWithClient({ tls: {} }, trustLabCa());
    expect((await getUser1(client)).status.code).toBe(grpc.status.OK);
  });

  it('requires a client certificate with mTLS', async () => {
    const { backend } = await backendWithClient({ tls: { mtls: true } }, trustLabCa());
    const anonymous = newClient(backend.address, trustLabCa());
    const withCert = newClient(
      backend.address,
      grpc.credentials.createSsl(readFileSync(certs.ca), readFileSync(certs.clientKey), readFileSync(certs.clientCert)),
    );
    opened.push(anonymous, withCert);
    expect((await getUser1(anonymous)).status.code).toBe(grpc.status.UNAVAILABLE);
    expect((await getUser1(withCert)).status.code).toBe(grpc.status.OK);
  });
});
