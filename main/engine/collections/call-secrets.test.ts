import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Server,
  ServerCredentials,
  ServerInterceptingCall,
  type ServerInterceptor,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import type { PackageDefinition } from '@grpc/proto-loader';
import { toBinary, type DescService } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseOperationParams, type WorkbenchEvent } from '../../../shared/api';
import { ChannelPool } from '../channel/pool';
import { createEngineService, type WorkbenchService } from '../service';
import { Health } from '../gen/grpc/health/v1/health_pb';
import { ECHO_SERVICE, echoDescriptors } from '../testing/echo-descriptors';
import { echoServiceImplementation } from '../testing/echo-service';
import { TestHealthService } from '../testing/health-service';
import { serviceDefinition } from '../testing/service-definition';
import { secretKey, type SecretStore } from './secrets';

const TOKEN = 'tok-7f3a9c-never-in-the-page';

interface SeenMetadata {
  path: string;
  authorization: string[];
}

/** The echo service and reflection on loopback, noting the `authorization` metadata of every call it receives. */
async function startRecordingServer(): Promise<{ target: string; seen: SeenMetadata[]; close(): void }> {
  const seen: SeenMetadata[] = [];
  const record: ServerInterceptor = (method, call) =>
    new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, forward) => {
            seen.push({ path: method.path, authorization: metadata.get('authorization').map(String) });
            forward(metadata);
          },
        }),
    });
  const server = new Server({ interceptors: [record] });
  const echo = echoDescriptors().registry.getService(ECHO_SERVICE) as DescService;
  server.addService(serviceDefinition(echo), echoServiceImplementation());
  server.addService(serviceDefinition(Health), new TestHealthService().implementation());
  const fileDescriptorProtos = echoDescriptors().files.map((file) =>
    Buffer.from(toBinary(FileDescriptorProtoSchema, file)),
  );
  new ReflectionService({ [ECHO_SERVICE]: { fileDescriptorProtos } } as unknown as PackageDefinition).addToServer({
    addService: (definition, implementation) =>
      server.addService(definition, implementation as UntypedServiceImplementation),
  });
  const port = await new Promise<number>((done, fail) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? fail(error) : done(bound),
    ),
  );
  return { target: `127.0.0.1:${port}`, seen, close: () => server.forceShutdown() };
}

function memoryStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key),
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
  };
}

describe('host-side {{secret.NAME}} and {{env.NAME}} in calls', () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  let service: WorkbenchService;
  let events: WorkbenchEvent[];
  let store: SecretStore;
  const root = mkdtempSync(join(tmpdir(), 'workbench-call-secrets-'));

  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });
  const start = async () => {
    events = [];
    store = memoryStore();
    await store.set(secretKey(root, 'token'), TOKEN);
    service = createEngineService({
      emit: (event) => events.push(event),
      hostInfo: { version: 'test', host: 'browser' },
      pool: new ChannelPool({ idleCloseMs: 10 }),
      secrets: store,
      recordMessages: false,
    });
  };
  afterEach(async () => {
    await service.dispose();
  });
  const connection = () => ({ target: server.target, tls: { mode: 'plaintext' as const } });
  const authorization = [{ key: 'authorization', value: 'Bearer {{secret.token}}' }];
  const ended = async (callId: string) => {
    for (let attempt = 0; attempt < 250; attempt++) {
      const end = events.find((event) => event.type === 'call-end' && event.callId === callId);
      if (end) return end;
      await new Promise((done) => setTimeout(done, 20));
    }
    throw new Error(`${callId} did not end`);
  };

  it('sends the stored value in metadata, for reflection and the call, while no event carries it', async () => {
    await start();
    const loaded = await service.loadSchema(
      parseOperationParams('loadSchema', {
        sources: [{ kind: 'reflection', connection: connection(), metadata: authorization, collection: { root } }],
      }),
    );
    const params = parseOperationParams('startCall', {
      callId: 'call-1',
      schemaId: loaded.schemaId,
      method: `${ECHO_SERVICE}/Echo`,
      connection: connection(),
      metadata: authorization,
      messages: ['{"text":"hello"}'],
      collection: { root, path: 'echo.grpc.yaml' },
    });
    await service.startCall(params);
    const end = await ended('call-1');

    expect(end).toMatchObject({ status: { name: 'OK' } });
    const reflection = server.seen.filter((entry) => entry.path.includes('ServerReflection'));
    expect(reflection.length).toBeGreaterThan(0);
    expect(reflection.every((entry) => entry.authorization.join() === `Bearer ${TOKEN}`)).toBe(true);
    expect(server.seen.find((entry) => entry.path === `/${ECHO_SERVICE}/Echo`)?.authorization).toEqual([
      `Bearer ${TOKEN}`,
    ]);
    // What the client sent and everything it heard back name the secret only as a placeholder.
    expect(JSON.stringify(params)).not.toContain(TOKEN);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it('resolves secrets in the first message and in later stream messages', async () => {
    await start();
    const loaded = await service.loadSchema(
      parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection: connection() }] }),
    );
    await service.startCall(
      parseOperationParams('startCall', {
        callId: 'call-2',
        schemaId: loaded.schemaId,
        method: `${ECHO_SERVICE}/Chat`,
        connection: connection(),
        messages: ['{"text":"first {{secret.token}}"}'],
        collection: { root },
      }),
    );
    await service.sendMessage({ callId: 'call-2', json: '{"text":"second {{secret.token}}"}' });
    await service.halfClose({ callId: 'call-2' });
    await ended('call-2');
    const texts = events.flatMap((event) =>
      event.type === 'call-messages' ? event.messages.map((message) => (message.json as { text: string }).text) : [],
    );
    expect(texts).toEqual([`first ${TOKEN}`, `second ${TOKEN}`]);
  });

  it('sends the stored value in the metadata of health List, Check and Watch', async () => {
    await start();
    const health = { connection: connection(), metadata: authorization, collection: { root } };
    const listed = await service.listHealth(parseOperationParams('listHealth', health));
    expect(listed.services.find((entry) => entry.service === '')?.servingStatus).toBe('SERVING');
    await service.healthCheck(parseOperationParams('healthCheck', health));
    await service.watchHealth(parseOperationParams('watchHealth', { ...health, callId: 'watch-1' }));
    for (let attempt = 0; attempt < 250 && !events.some((event) => event.type === 'health-status'); attempt++)
      await new Promise((done) => setTimeout(done, 20));
    await service.cancelCall({ callId: 'watch-1' });
    const healthCalls = server.seen.filter((entry) => entry.path.startsWith('/grpc.health.v1.Health/'));
    expect(new Set(healthCalls.map((entry) => entry.path))).toEqual(
      new Set(['/grpc.health.v1.Health/List', '/grpc.health.v1.Health/Check', '/grpc.health.v1.Health/Watch']),
    );
    expect(healthCalls.every((entry) => entry.authorization.join() === `Bearer ${TOKEN}`)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it('refuses a call whose secret has no value, naming it and how to set it', async () => {
    await start();
    const loaded = await service.loadSchema(
      parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection: connection() }] }),
    );
    const before = server.seen.length;
    const attempt = service.startCall(
      parseOperationParams('startCall', {
        callId: 'call-3',
        schemaId: loaded.schemaId,
        method: `${ECHO_SERVICE}/Echo`,
        connection: connection(),
        metadata: [{ key: 'authorization', value: 'Bearer {{secret.missingToken}}' }],
        messages: ['{}'],
        collection: { root },
      }),
    );
    await expect(attempt).rejects.toMatchObject({
      kind: 'bad_input',
      subject: 'missingToken',
      message: expect.stringContaining('{{secret.missingToken}}'),
      hint: expect.stringMatching(/Variables view.*WORKBENCH_SECRET_MISSINGTOKEN/),
    });
    expect(server.seen.length).toBe(before);
  });

  it('resolves a call outside any collection from the host environment only, never the store', async () => {
    await start();
    const loaded = await service.loadSchema(
      parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection: connection() }] }),
    );
    const unsaved = (callId: string, value: string) =>
      parseOperationParams('startCall', {
        callId,
        schemaId: loaded.schemaId,
        method: `${ECHO_SERVICE}/Echo`,
        connection: connection(),
        metadata: [{ key: 'authorization', value }],
        messages: ['{"text":"{{env.WORKBENCH_TEST_GREETING}}"}'],
      });
    const saved = { ...process.env };
    try {
      // The store holds "token" under this collection's key; a call from no collection must not see it.
      process.env.WORKBENCH_TEST_GREETING = 'hello from the host';
      const before = server.seen.length;
      await expect(service.startCall(unsaved('call-4', 'Bearer {{secret.token}}'))).rejects.toMatchObject({
        kind: 'bad_input',
        subject: 'token',
        message: expect.stringContaining('outside any collection'),
        hint: expect.stringMatching(/^set the environment variable WORKBENCH_SECRET_TOKEN/),
      });
      expect(server.seen.length).toBe(before);

      process.env.WORKBENCH_SECRET_TOKEN = 'from-the-environment';
      await service.startCall(unsaved('call-5', 'Bearer {{secret.token}}'));
      await ended('call-5');
      expect(server.seen.at(-1)?.authorization).toEqual(['Bearer from-the-environment']);
      const texts = events.flatMap((event) =>
        event.type === 'call-messages' && event.callId === 'call-5'
          ? event.messages.map((message) => (message.json as { text: string }).text)
          : [],
      );
      expect(texts).toEqual(['hello from the host']);
      expect(JSON.stringify(events)).not.toContain('from-the-environment');
    } finally {
      process.env = saved;
    }
  });
});
