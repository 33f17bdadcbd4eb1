import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseOperationParams, type CallEvent, type WorkbenchEvent } from '../../shared/api';
import { startBackend, startLab, type Backend } from '../../proto-samples/lab/index';
import { ChannelPool } from './channel/pool';
import { createEngineService, type WorkbenchService } from './service';
import { echoDescriptors } from './testing/echo-descriptors';
import { startTestServer, type TestServer } from './testing/test-server';

const ECHO = 'workbench.testing.v1.EchoService';

describe('createEngineService', () => {
  let server: TestServer;
  let service: WorkbenchService;
  let events: WorkbenchEvent[];
  const tempDir = mkdtempSync(join(tmpdir(), 'workbench-service-'));
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
    rmSync(tempDir, { recursive: true, force: true });
  });
  const start = () => {
    events = [];
    service = createEngineService({
      emit: (event) => events.push(event),
      hostInfo: { version: 'test', host: 'browser' },
      pool: new ChannelPool({ idleCloseMs: 10 }),
    });
  };
  afterEach(async () => {
    await service.dispose();
  });
  const connection = () => ({ target: server.target, tls: { mode: 'plaintext' as const } });
  const callEnd = (callId: string) =>
    events.find(
      (event): event is Extract<CallEvent, { type: 'call-end' }> =>
        event.type === 'call-end' && event.callId === callId,
    );

  it('answers hostInfo', async () => {
    start();
    expect(await service.hostInfo({})).toEqual({ version: 'test', host: 'browser' });
  });

  it('loads a schema by reflection, describes a method and calls it', async () => {
    start();
    const loaded = await service.loadSchema(
      parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection: connection() }] }),
    );
    expect(loaded.reflectionVersion).toBe('v1');
    expect(loaded.problems).toEqual([]);
    const echo = loaded.services.find((entry) => entry.name === ECHO);
    expect(echo?.methods.map((method) => [method.name, method.kind])).toEqual([
      ['Echo', 'unary'],
      ['Expand', 'server_streaming'],
      ['Collect', 'client_streaming'],
      ['Chat', 'bidi_streaming'],
    ]);

    const described = await service.describeMethod({ schemaId: loaded.schemaId, method: `${ECHO}/Echo` });
    expect(described).toMatchObject({
      path: `${ECHO}/Echo`,
      kind: 'unary',
      inputType: 'workbench.testing.v1.EchoRequest',
    });
    // The minimal example names no optional field; the full template fills them all.
    expect(described.fullTemplateJson).toHaveProperty('text');
    expect(Object.keys(described.exampleJson as object).length).toBeLessThanOrEqual(
      Object.keys(described.fullTemplateJson as object).length,
    );
    expect(described.inputDescriptorText).toMatch(/message EchoRequest/);
    expect(described.outputDescriptorText).toMatch(/message EchoResponse/);

    const { callId } = await service.startCall(
      parseOperationParams('startCall', {
        callId: 'call-1',
        schemaId: loaded.schemaId,
        method: `${ECHO}/Echo`,
        connection: connection(),
        messages: ['{"text":"via service"}'],
      }),
    );
    await waitFor(() => callEnd(callId) !== undefined);
    expect(callEnd(callId)!.status.name).toBe('OK');
    expect(events.some((event) => event.type === 'call-messages' && event.callId === callId)).toBe(true);
    await expect(service.cancelCall({ callId })).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('runs a call sent on a schema id the client chose before the schema has loaded', async () => {
    start();
    const load = (schemaId: string, target = connection()) =>
      service.loadSchema(
        parseOperationParams('loadSchema', {
          sources: [{ kind: 'reflection', connection: target, deadlineMs: 2000 }],
          schemaId,
        }),
      );
    const call = (callId: string, schemaId: string, target = connection()) =>
      service.startCall(
        parseOperationParams('startCall', {
          callId,
          schemaId,
          method: `${ECHO}/Echo`,
          connection: target,
          messages: ['{"text":"before the schema"}'],
        }),
      );
    const loading = load('kept-tab-schema');
    // Sent at once, as a kept tab does: the call and the description wait for the reflection load.
    const started = call('early-call', 'kept-tab-schema');
    const described = service.describeMethod({ schemaId: 'kept-tab-schema', method: `${ECHO}/Echo` });
    expect((await loading).schemaId).toBe('kept-tab-schema');
    await expect(described).resolves.toMatchObject({ kind: 'unary', inputType: 'workbench.testing.v1.EchoRequest' });
    await expect(started).resolves.toEqual({ callId: 'early-call' });
    await waitFor(() => callEnd('early-call') !== undefined);
    expect(callEnd('early-call')!.status.name).toBe('OK');
    await expect(load('kept-tab-schema')).rejects.toMatchObject({ kind: 'bad_input', subject: 'kept-tab-schema' });

    // A load that fails hands its error to the call waiting for it.
    const nobody = { target: '127.0.0.1:1', tls: { mode: 'plaintext' as const } };
    const failing = load('gone-server-schema', nobody);
    const waiting = call('waiting-call', 'gone-server-schema', nobody);
    const loadError = await failing.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(loadError).toMatchObject({ kind: 'refused' });
    await expect(waiting).rejects.toBe(loadError);
  });

  it('loads .proto files and protosets', async () => {
    start();
    const protosDir = fileURLToPath(new URL('./testing/protos/', import.meta.url));
    const fromProtos = await service.loadSchema(
      parseOperationParams('loadSchema', {
        sources: [{ kind: 'protoFiles', files: [protosDir], importPaths: [protosDir] }],
      }),
    );
    expect(fromProtos.services.map((entry) => entry.name)).toContain(ECHO);

    const protoset = join(tempDir, 'echo.protoset');
    writeFileSync(
      protoset,
      toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: echoDescriptors().files })),
    );
    const fromProtoset = await service.loadSchema(
      parseOperationParams('loadSchema', { sources: [{ kind: 'protoset', files: [protoset] }] }),
    );
    expect(fromProtoset.services.map((entry) => entry.name)).toContain(ECHO);
    expect(fromProtoset.fileCount).toBeGreaterThanOrEqual(2);
  });

  it('loads .proto files named relative to an import path, as the UI sends them', async () => {
    start();
    const importPath = relative(process.cwd(), fileURLToPath(new URL('../../proto-samples/protos', import.meta.url)));
    const loaded = await service.loadSchema(
      parseOperationParams('loadSchema', {
        sources: [
          {
            kind: 'protoFiles',
            files: ['user/v1/user.proto'],
            importPaths: [importPath],
          },
        ],
      }),
    );
    expect(loaded.problems).toEqual([]);
    expect(loaded.services.map((entry) => entry.name)).toContain('user.v1.UserService');
  });

  it('streams requests through sendMessage and halfClose, and rejects unknown calls', async () => {
    start();
    const { schemaId } = await service.loadSchema(
      parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection: connection() }] }),
    );
    const { callId } = await service.startCall(
      parseOperationParams('startCall', {
        callId: 'call-2',
        schemaId,
        method: `${ECHO}/Collect`,
        connection: connection(),
      }),
    );
    await service.sendMessage({ callId, json: '{"text":"x"}' });
    await service.sendMessage({ callId, json: '{"text":"y"}' });
    await service.halfClose({ callId });
    await waitFor(() => callEnd(callId) !== undefined);
    expect(callEnd(callId)).toMatchObject({ status: { name: 'OK' }, sent: 2 });
    await expect(service.sendMessage({ callId: 'nope', json: '{}' })).rejects.toMatchObject({
      kind: 'not_found',
      subject: 'nope',
    });
    await expect(
      service.startCall(
        parseOperationParams('startCall', {
          callId: 'call-3',
          schemaId: 'unknown',
          method: `${ECHO}/Echo`,
          connection: connection(),
          messages: ['{}'],
        }),
      ),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('delegates channel watches to the channel watcher', async () => {
    start();
    const { watchId, snapshot } = await service.watchChannel({ watchId: 'watch-9', connection: connection() });
    expect(snapshot.target).toBe(server.target);
    await service.unwatchChannel({ watchId });
  });

  describe('channel watch of the channel calls use', () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await startBackend({ name: 'watched' });
    });
    afterAll(async () => {
      await backend.close();
    });
    const labConnection = () => ({ target: backend.address, tls: { mode: 'plaintext' as const } });
    const protosDir = relative(process.cwd(), fileURLToPath(new URL('../../proto-samples/protos', import.meta.url)));
    const watchedSnapshots = (watchId: string) =>
      events.flatMap((event) => (event.type === 'channel-state' && event.watchId === watchId ? [event.snapshot] : []));
    const getUser = async (schemaId: string) => {
      const params = parseOperationParams('startCall', {
        callId: 'call-4',
        schemaId,
        method: 'user.v1.UserService/GetUser',
        connection: labConnection(),
        messages: ['{"id":"u1"}'],
      });
      const { callId } = await service.startCall(params);
      await waitFor(() => callEnd(callId) !== undefined);
      expect(callEnd(callId)!.status.name).toBe('OK');
    };

    // Schemas from files open no connection of their own, so only the call can make the watched channel READY.
    it('shows a call on the watched channel when the schema came from .proto files', async () => {
      start();
      const { schemaId } = await service.loadSchema(
        parseOperationParams('loadSchema', {
          sources: [
            {
              kind: 'protoFiles',
              files: ['proto-samples/protos/user/v1/user.proto'],
              importPaths: [protosDir],
            },
          ],
        }),
      );
      const { watchId, snapshot } = await service.watchChannel(
        parseOperationParams('watchChannel', { watchId: 'watch-7', connection: labConnection() }),
      );
      expect(snapshot).toMatchObject({ state: 'IDLE', callsStarted: 0 });

      await getUser(schemaId);
      await waitFor(() =>
        watchedSnapshots(watchId).some((seen) => seen.state === 'READY' && seen.callsSucceeded === 1),
      );
      const latest = watchedSnapshots(watchId).at(-1)!;
      expect(latest).toMatchObject({ state: 'READY', callsStarted: 1, callsSucceeded: 1, callsFailed: 0 });
      expect(latest.subchannels).toEqual([
        expect.objectContaining({ address: backend.address, state: 'READY', callsSucceeded: 1 }),
      ]);
    });

    it('shows reflection and a later call on the channel watched before either', async () => {
      start();
      const { watchId } = await service.watchChannel(
        parseOperationParams('watchChannel', { watchId: 'watch-8', connection: labConnection() }),
      );
      const { schemaId } = await service.loadSchema(
        parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection: labConnection() }] }),
      );
      await waitFor(() => watchedSnapshots(watchId).some((seen) => seen.state === 'READY'));
      const afterReflection = watchedSnapshots(watchId).at(-1)!.callsStarted;
      expect(afterReflection).toBeGreaterThan(0);

      await getUser(schemaId);
      await waitFor(() =>
        watchedSnapshots(watchId).some((seen) => seen.callsStarted === afterReflection + 1 && seen.callsSucceeded >= 1),
      );
      expect(watchedSnapshots(watchId).at(-1)!.state).toBe('READY');
    });
  });

  it('asks a server for its own channelz view, and names a server that has none', async () => {
    start();
    const lab = await startLab({ backends: 1, proxy: false });
    try {
      const target = lab.backends[0]!.address;
      const report = await service.serverChannelz(
        parseOperationParams('serverChannelz', { connection: { target, tls: { mode: 'plaintext' } } }),
      );
      const labServer = report.servers.find((entry) => entry.listenSockets.includes(target));
      // The query's own connection is the one the server sees.
      expect(labServer?.sockets).toHaveLength(1);
      expect(labServer?.sockets[0]?.streamsStarted).toBeGreaterThan(0);
    } finally {
      await lab.close();
    }
    await expect(
      service.serverChannelz(parseOperationParams('serverChannelz', { connection: connection() })),
    ).rejects.toMatchObject({
      kind: 'not_found',
      message: expect.stringContaining(`${server.target} does not offer grpc.channelz.v1;`),
    });
  });

  describe('exportMessages', () => {
    let expanded = 0;
    const startExpand = async (schemaId: string, request: object) => {
      expanded += 1;
      const { callId } = await service.startCall(
        parseOperationParams('startCall', {
          callId: `expand-${expanded}`,
          schemaId,
          method: `${ECHO}/Expand`,
          connection: connection(),
          messages: [JSON.stringify(request)],
        }),
      );
      await waitFor(() => callEnd(callId) !== undefined);
      return callId;
    };

    it('records every message of a long stream to an NDJSON file, and deletes it on dispose', async () => {
      start();
      const { schemaId } = await service.loadSchema(
        parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection: connection() }] }),
      );
      const callId = await startExpand(schemaId, { text: 'm', count: 25_000 });
      const exported = await service.exportMessages({ callId });
      expect(exported).toMatchObject({ count: 25_000, fileName: `${ECHO}_Expand.ndjson` });
      const text = readFileSync(exported.path, 'utf8');
      expect(Buffer.byteLength(text)).toBe(exported.bytes);
      const lines = text.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(25_000);
      expect(JSON.parse(lines[0]!)).toMatchObject({ text: 'm#0' });
      expect(JSON.parse(lines[24_999]!)).toMatchObject({ text: 'm#24999', index: 24_999 });
      await service.dispose();
      expect(existsSync(exported.path)).toBe(false);
      expect(existsSync(dirname(exported.path))).toBe(false);
    });

    it('gives back one whole value of a recorded message, or the whole message, and says so when there is none', async () => {
      start();
      const { schemaId } = await service.loadSchema(
        parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection: connection() }] }),
      );
      const text = 'v'.repeat(200_000);
      const callId = await startExpand(schemaId, { text, count: 3 });
      await expect(service.fetchMessageValue({ callId, index: 2, path: ['text'] })).resolves.toEqual({
        value: `${text}#2`,
      });
      const whole = (await service.fetchMessageValue({ callId, index: 2, path: [] })).value;
      expect(whole).toBe(JSON.stringify(JSON.parse(whole), null, 2));
      expect(JSON.parse(whole)).toMatchObject({ text: `${text}#2`, index: 2 });
      await expect(service.fetchMessageValue({ callId, index: 2, path: ['index'] })).resolves.toEqual({ value: '2' });
      await expect(service.fetchMessageValue({ callId, index: 2, path: ['nothing'] })).rejects.toMatchObject({
        kind: 'not_found',
        message: 'Message 2 of the call has no value at nothing.',
      });
      await expect(service.fetchMessageValue({ callId, index: 3, path: ['text'] })).rejects.toMatchObject({
        kind: 'not_found',
        message: 'The call has no message 3; it received 3.',
      });
    });

    it('records undecodable messages as their bytes and the decode error', async () => {
      start();
      const { schemaId } = await service.loadSchema(
        parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection: connection() }] }),
      );
      const callId = await startExpand(schemaId, { count: 2, garbageResponse: true });
      const exported = await service.exportMessages({ callId });
      const lines = readFileSync(exported.path, 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toEqual({ index: 1, bytesBase64: 'CmQB', decodeError: expect.any(String) });
      expect(String(lines[1]!.decodeError).length).toBeGreaterThan(0);
    });

    it('keeps the files of the most recent ended calls only', async () => {
      events = [];
      service = createEngineService({
        emit: (event) => events.push(event),
        hostInfo: { version: 'test', host: 'browser' },
        keepEndedRecordings: 1,
      });
      const { schemaId } = await service.loadSchema(
        parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection: connection() }] }),
      );
      const first = await startExpand(schemaId, { count: 3 });
      const firstPath = (await service.exportMessages({ callId: first })).path;
      const second = await startExpand(schemaId, { count: 3 });
      expect((await service.exportMessages({ callId: second })).count).toBe(3);
      await expect(service.exportMessages({ callId: first })).rejects.toMatchObject({
        kind: 'not_found',
        subject: first,
      });
      await waitFor(() => !existsSync(firstPath));
    });
  });

  it('refuses a call id that is still running, and accepts it again once the call ended', async () => {
    start();
    const { schemaId } = await service.loadSchema(
      parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection: connection() }] }),
    );
    const collect = parseOperationParams('startCall', {
      callId: 'twice',
      schemaId,
      method: `${ECHO}/Collect`,
      connection: connection(),
    });
    await service.startCall(collect);
    await expect(service.startCall(collect)).rejects.toMatchObject({ kind: 'bad_input', subject: 'twice' });
    await service.halfClose({ callId: 'twice' });
    await waitFor(() => callEnd('twice') !== undefined);
    await expect(service.startCall(collect)).resolves.toEqual({ callId: 'twice' });
    await service.cancelCall({ callId: 'twice' });
  });

  it('lists, describes and exports symbols of a loaded schema', async () => {
    start();
    const { schemaId } = await service.loadSchema(
      parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection: connection() }] }),
    );
    expect((await service.listSymbols({ schemaId })).names).toContain(ECHO);
    expect((await service.listSymbols({ schemaId, service: ECHO })).names).toContain(`${ECHO}.Echo`);
    const described = await service.describeSymbol({ schemaId, symbol: ECHO });
    expect(described.text).toMatch(new RegExp(`^${ECHO.replace(/\./g, '\\.')} is a service:`));
    const { protosetBase64 } = await service.exportSchema({ schemaId, symbols: [ECHO] });
    const exported = join(tempDir, 'exported.protoset');
    writeFileSync(exported, Buffer.from(protosetBase64, 'base64'));
    const reloaded = await service.loadSchema(
      parseOperationParams('loadSchema', { sources: [{ kind: 'protoset', files: [exported] }] }),
    );
    expect(reloaded.services.map((entry) => entry.name)).toContain(ECHO);
    await expect(service.listSymbols({ schemaId, service: 'no.Such' })).rejects.toMatchObject({
      kind: 'unknown_method',
    });
  });

  it('checks health, and watches it as a call-like stream ended by cancelCall', async () => {
    start();
    expect(await service.healthCheck(parseOperationParams('healthCheck', { connection: connection() }))).toMatchObject({
      status: { name: 'OK' },
      servingStatus: 'SERVING',
    });
    await service.watchHealth(
      parseOperationParams('watchHealth', { callId: 'watch-health', connection: connection() }),
    );
    await waitFor(() => events.some((event) => event.type === 'health-status' && event.callId === 'watch-health'));
    await service.cancelCall({ callId: 'watch-health' });
    await waitFor(() => events.some((event) => event.type === 'health-end' && event.callId === 'watch-health'));
    expect(events.find((event) => event.type === 'health-end')).toMatchObject({ status: { name: 'CANCELLED' } });
  });

  it('cancels running calls on dispose', async () => {
    start();
    const { schemaId } = await service.loadSchema(
      parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection: connection() }] }),
    );
    const { callId } = await service.startCall(
      parseOperationParams('startCall', {
        callId: 'call-6',
        schemaId,
        method: `${ECHO}/Expand`,
        connection: connection(),
        messages: ['{"count":1000,"delayMs":100}'],
      }),
    );
    await service.dispose();
    expect(callEnd(callId)?.status.name).toBe('CANCELLED');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met within 5 s');
}
