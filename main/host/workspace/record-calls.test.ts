// The host workspace on the real engine against a real gRPC server on loopback: every call of a
// session ends up in the history (masked), refusals too, and opened collections in the recent list.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry, WorkbenchEvent } from '../../../shared/api';
import { invokeRequestSchema } from '../../../shared/api';
import { freePort } from '../../../test/support/ports';
import { secretKey } from '../../engine/index';
import { startTestServer, type TestServer } from '../../engine/testing/test-server';
import { createNodeCapabilities } from '../node-capabilities';
import { loadEngineServiceFactory, type HostedService } from '../service-factory';
import { HISTORY_FILE } from './history-log';
import { createHostWorkspace } from './index';

const ECHO = 'workbench.testing.v1.EchoService/Echo';

let grpc: TestServer;
let dataDir: string;
let service: HostedService;
let events: WorkbenchEvent[];
const errors: string[] = [];

beforeEach(async () => {
  grpc = await startTestServer();
  dataDir = mkdtempSync(join(tmpdir(), 'record-calls-'));
  const { secrets } = createNodeCapabilities({ dataDir });
  const workspace = createHostWorkspace({ dataDir, secrets, onError: (error) => errors.push(error.message) });
  const factory = workspace.decorate(await loadEngineServiceFactory({ secrets, workspace: workspace.operations }));
  events = [];
  service = factory({ emit: (event) => events.push(event), hostInfo: { version: 'test', host: 'browser' } });
});

afterEach(async () => {
  await service.dispose();
  await grpc.close();
  expect(errors).toEqual([]);
});

async function schemaId(): Promise<string> {
  const loaded = await service.loadSchema({
    sources: [{ kind: 'reflection', connection: { target: grpc.target, tls: { mode: 'plaintext' } }, metadata: [] }],
  });
  return loaded.schemaId;
}

const call = (callId: string, schemaId: string, overrides: Record<string, unknown> = {}) =>
  invokeRequestSchema.parse({
    callId,
    schemaId,
    method: ECHO,
    connection: { target: grpc.target, tls: { mode: 'plaintext' } },
    messages: ['{"text":"hello"}'],
    ...overrides,
  });

async function historyEntry(id?: string): Promise<HistoryEntry> {
  await expect.poll(async () => (await service.listHistory({ text: '', limit: 10 })).entries.length).toBeGreaterThan(0);
  const { entries } = await service.listHistory({ text: '', limit: 10 });
  return id === undefined ? entries[0]! : entries.find((entry) => entry.request.message?.includes(id))!;
}

describe('the history of a session on the real engine', () => {
  it('records a real call with its request, status, counts, messages and peer; secrets masked', async () => {
    const root = mkdtempSync(join(tmpdir(), 'record-calls-collection-'));
    await createNodeCapabilities({ dataDir }).secrets.set(secretKey(root, 'token'), 'live-secret-77');
    const draft = {
      kind: 'grpc-request' as const,
      name: 'Echo it',
      method: ECHO,
      target: '{{host}}',
      metadata: { authorization: 'Bearer {{secret.token}}', 'x-api-key': 'typed-key-5' },
      message: '{"text":"{{secret.token}}"}',
    };
    await service.startCall(
      call('c1', await schemaId(), {
        // As the host sends it once resolved: the secret's value is in the message, and the server echoes it.
        metadata: [{ key: 'authorization', value: 'Bearer live-secret-77' }],
        messages: ['{"text":"live-secret-77"}'],
        draft,
        collection: { root, path: 'echo.grpc.yaml' },
      }),
    );
    const entry = await historyEntry();
    expect(entry).toMatchObject({
      request: { ...draft, metadata: { authorization: 'Bearer {{secret.token}}', 'x-api-key': '***' } },
      kind: 'unary',
      origin: { root, path: 'echo.grpc.yaml' },
      status: { code: 0, name: 'OK' },
      messagesSent: 1,
      messagesReceived: 1,
      peer: expect.stringContaining(String(grpc.port)),
    });
    expect(entry.firstMessage).toContain('"text":"***"');
    expect(entry.lastMessage).toBe(entry.firstMessage);
    expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    expect(await service.getHistoryEntry({ id: entry.id })).toEqual(entry);
    const onDisk = readFileSync(join(dataDir, HISTORY_FILE), 'utf8');
    expect(onDisk).not.toMatch(/live-secret-77|typed-key-5/);
    expect(events.some((event) => event.type === 'call-end')).toBe(true); // the client still hears everything
  });

  it('records a call without a draft from what was sent, with its failing status', async () => {
    await service.startCall(
      call('c2', await schemaId(), {
        messages: ['{"text":"nope","failCode":5}'],
        deadlineMs: 5000,
        metadata: [{ key: 'x-trace', value: 't1' }],
      }),
    );
    const entry = await historyEntry();
    expect(entry.request).toEqual({
      kind: 'grpc-request',
      name: '',
      method: ECHO,
      target: grpc.target,
      tls: { mode: 'plaintext' },
      deadline: '5s',
      metadata: { 'x-trace': 't1' },
      message: '{"text":"nope","failCode":5}',
    });
    expect(entry.status).toMatchObject({ code: 5, name: 'NOT_FOUND' });
    expect((await service.listHistory({ text: '', limit: 10, status: 'failed' })).entries).toHaveLength(1);
  });

  it('records a call that could not connect, and calls startCall refused', async () => {
    const id = await schemaId();
    await service.startCall(
      call('refused', id, { connection: { target: `127.0.0.1:${await freePort()}`, tls: { mode: 'plaintext' } } }),
    );
    await expect(service.startCall(call('bad-json', id, { messages: ['{"text":'] }))).rejects.toThrow();
    await expect(
      service.startCall(call('no-method', id, { method: 'workbench.testing.v1.EchoService/Nope' })),
    ).rejects.toThrow();
    await expect.poll(async () => (await service.listHistory({ text: '', limit: 10 })).entries.length).toBe(3);
    const byStatus = async (status: string) => (await service.listHistory({ text: '', limit: 10, status })).entries;
    expect((await byStatus('UNAVAILABLE'))[0]?.kind).toBe('unary');
    const badJson = (await byStatus('INVALID_ARGUMENT'))[0];
    expect(badJson).toMatchObject({
      kind: 'unary',
      messagesSent: 0,
      status: { message: expect.stringMatching(/^Not sent: /) },
    });
    expect((await byStatus('UNIMPLEMENTED'))[0]?.request.method).toBe('workbench.testing.v1.EchoService/Nope');
    expect((await service.listHistory({ text: 'not sent', limit: 10 })).entries).toHaveLength(2);
  });

  it('records the calls of a collection run, with their origin; run-only and stored secrets masked', async () => {
    const root = mkdtempSync(join(tmpdir(), 'record-calls-run-'));
    writeFileSync(
      join(root, 'workbench.yaml'),
      [
        'kind: collection',
        'version: 1',
        'name: Echoes',
        'schema: [{reflection: {}}]',
        `defaults: {target: "${grpc.target}", tls: {mode: plaintext}, metadata: {x-api-key: "{{secret.typed}}"}}`,
      ].join('\n'),
    );
    const message = '{"text":"{{secret.typed}} and {{secret.stored}}"}';
    writeFileSync(
      join(root, 'echo.grpc.yaml'),
      `kind: grpc-request\nname: Echo secrets\nmethod: ${ECHO}\nmessage: '${message}'\n`,
    );
    await createNodeCapabilities({ dataDir }).secrets.set(secretKey(root, 'stored'), 'stored-secret-41');
    await service.startRun({
      runId: 'r1',
      paths: [root],
      envVars: {},
      secrets: { typed: 'typed-secret-93' },
      tags: [],
      bail: false,
    });
    await expect.poll(() => events.some((event) => event.type === 'run-end')).toBe(true);

    const entry = await historyEntry();
    expect(entry).toMatchObject({
      origin: { root, path: 'echo.grpc.yaml' },
      kind: 'unary',
      status: { name: 'OK' },
      messagesSent: 1,
      messagesReceived: 1,
      peer: expect.stringContaining('127.0.0.1'),
      // The file's request as written, sent where the collection's default said.
      request: { kind: 'grpc-request', name: 'Echo secrets', method: ECHO, message, target: grpc.target },
    });
    expect(entry.lastMessage).toContain('*** and ***');
    const onDisk = readFileSync(join(dataDir, HISTORY_FILE), 'utf8');
    expect(onDisk).toContain('Echo secrets');
    expect(onDisk).not.toMatch(/typed-secret-93|stored-secret-41/);
  });

  it('adds an opened collection to the recent list', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'record-calls-recent-')), 'shop');
    mkdirSync(root);
    writeFileSync(join(root, 'workbench.yaml'), 'kind: collection\nversion: 1\nname: Shop API\n');
    await service.openCollection({ path: root });
    expect((await service.recentCollections({})).collections).toMatchObject([{ root, name: 'Shop API' }]);
  });
});
