import * as grpc from '@grpc/grpc-js';
import { create, createRegistry, isMessage, toJson } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestSchema, ErrorInfoSchema, RetryInfoSchema } from '../../main/engine/gen/google/rpc/error_details_pb';
import { file_common_v1_common } from '../gen/common/v1/common_pb';
import {
  ChatMessageSchema,
  GetUserRequestSchema,
  ListUsersRequestSchema,
  UserSchema,
  UserService,
} from '../gen/user/v1/user_pb';
import { startBackend } from './backend';
import type { Backend } from './backend';
import { bidiCall, clientStreamCall, newClient, serverStreamCall, unaryCall } from './testing/calls';
import { richStatusOf } from './testing/details';

let backend: Backend;
let client: grpc.Client;

beforeAll(async () => {
  backend = await startBackend({ name: 'pod-a' });
  client = newClient(backend.address, undefined, { 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
});
afterAll(async () => {
  client.close();
  await backend.close();
});

const getUser = (
  init: Parameters<typeof create<typeof GetUserRequestSchema>>[1],
  settings?: Parameters<typeof unaryCall>[3],
) => unaryCall(client, UserService.method.getUser, create(GetUserRequestSchema, init), settings);

describe('GetUser (unary)', () => {
  it('returns a user whose values trip up other tools, tagged with the backend in headers and trailers', async () => {
    const { status, messages, headers, trailers } = await getUser({ id: 'u1' });
    expect(status.code).toBe(grpc.status.OK);
    expect(headers?.get('x-backend')).toEqual(['pod-a']);
    expect(trailers.get('x-backend')).toEqual(['pod-a']);
    const [user] = messages;
    expect(user?.externalId).toBe(2n ** 53n + 1n);
    expect(user?.quotaBytes).toBe(2n ** 64n - 1n);
    expect(user?.karma).toBe(-1000n);
    expect(user?.loginCount).toBeUndefined();
    const json = toJson(UserSchema, user!, { registry: createRegistry(file_common_v1_common) }) as Record<
      string,
      unknown
    >;
    expect(json).toMatchObject({
      id: 'u1',
      name: 'Ada Lovelace',
      roles: ['ROLE_ADMIN', 'ROLE_EDITOR'],
      externalId: '9007199254740993',
      quotaBytes: '18446744073709551615',
      avatar: 'iVBORw0KGgo=',
      email: 'ada.lovelace1@example.com',
      nickname: 'ada',
      devices: { '1000000000001': "Ada's laptop" },
      sessionTtl: '3600.500s',
      extensionData: {
        '@type': 'type.googleapis.com/common.v1.Money',
        currencyCode: 'USD',
        units: '1',
        nanos: 990000000,
      },
      screenName: 'Ada L.',
    });
  });

  it('keeps a present zero apart from an absent optional', async () => {
    const { messages } = await getUser({ id: 'u4' });
    expect(messages[0]?.loginCount).toBe(0);
  });

  it('returns only the fields of the read mask', async () => {
    const { messages } = await getUser({ id: 'u2', readMask: { paths: ['id', 'name'] } });
    expect(toJson(UserSchema, messages[0]!)).toEqual({ id: 'u2', name: 'Grace Hopper' });
  });

  it('fills the avatar for large-message tests', async () => {
    const { status, messages } = await getUser({ id: 'u3', avatarSize: 5 * 1024 * 1024 });
    expect(status.code).toBe(grpc.status.OK);
    expect(messages[0]?.avatar.length).toBe(5 * 1024 * 1024);
  });

  it('rejects a malformed id with INVALID_ARGUMENT and a BadRequest naming the field (trailers-only)', async () => {
    const { status, headers, trailers } = await getUser({ id: 'bob', readMask: { paths: ['nope'] } });
    expect(status.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(headers).toBeNull();
    expect(trailers.get('x-backend')).toEqual(['pod-a']);
    const { status: rich, details } = richStatusOf(trailers);
    expect(rich.code).toBe(grpc.status.INVALID_ARGUMENT);
    const [badRequest] = details;
    expect(isMessage(badRequest, BadRequestSchema) && badRequest.fieldViolations.map((v) => v.field)).toEqual([
      'id',
      'read_mask.paths[0]',
    ]);
  });

  it('answers an unknown id with NOT_FOUND and an ErrorInfo', async () => {
    const { status, trailers } = await getUser({ id: 'u1000001' });
    expect(status.code).toBe(grpc.status.NOT_FOUND);
    const [info] = richStatusOf(trailers).details;
    expect(isMessage(info, ErrorInfoSchema) && info).toMatchObject({
      reason: 'USER_NOT_FOUND',
      domain: 'lab.grpc-workbench.dev',
      metadata: { id: 'u1000001' },
    });
  });

  it('fails on request with RESOURCE_EXHAUSTED, a RetryInfo and an ErrorInfo', async () => {
    const { status, trailers } = await getUser({
      id: 'u1',
      fault: {
        code: grpc.status.RESOURCE_EXHAUSTED,
        message: 'quota',
        retryDelay: { seconds: 2n, nanos: 500_000_000 },
      },
    });
    expect(status).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'quota' });
    const [info, retry] = richStatusOf(trailers).details;
    expect(isMessage(info, ErrorInfoSchema) && info).toMatchObject({
      reason: 'FAULT_INJECTED',
      metadata: { backend: 'pod-a' },
    });
    expect(isMessage(retry, RetryInfoSchema) && retry.retryDelay).toMatchObject({ seconds: 2n, nanos: 500_000_000 });
  });

  it('gives UNAVAILABLE a default RetryInfo of 1s', async () => {
    const { status, trailers } = await getUser({ id: 'u1', fault: { code: grpc.status.UNAVAILABLE } });
    expect(status.code).toBe(grpc.status.UNAVAILABLE);
    const retry = richStatusOf(trailers).details[1];
    expect(isMessage(retry, RetryInfoSchema) && retry.retryDelay).toMatchObject({ seconds: 1n, nanos: 0 });
  });

  it('rejects a fault with code OK', async () => {
    const { status, trailers } = await getUser({ id: 'u1', fault: { code: 0 } });
    expect(status.code).toBe(grpc.status.INVALID_ARGUMENT);
    const [badRequest] = richStatusOf(trailers).details;
    expect(isMessage(badRequest, BadRequestSchema) && badRequest.fieldViolations[0]?.field).toBe('fault.code');
  });

  it('waits as asked, so a shorter deadline expires', async () => {
    const { status } = await getUser(
      { id: 'u1', delay: { seconds: 30n } },
      { options: { deadline: Date.now() + 200 } },
    );
    expect(status.code).toBe(grpc.status.DEADLINE_EXCEEDED);
  });

  it('echoes x- metadata, text and binary, as x-echo- headers', async () => {
    const metadata = new grpc.Metadata();
    metadata.set('x-trace-id', 'abc-123');
    metadata.set('x-blob-bin', Buffer.from([0, 1, 2, 255]));
    metadata.set('authorization', 'Bearer secret');
    const { headers } = await getUser({ id: 'u1' }, { metadata });
    expect(headers?.get('x-echo-x-trace-id')).toEqual(['abc-123']);
    expect(headers?.get('x-echo-x-blob-bin')).toEqual([Buffer.from([0, 1, 2, 255])]);
    expect(headers?.get('x-echo-authorization')).toEqual([]);
  });

  it('echoes metadata into the trailers of a trailers-only error', async () => {
    const metadata = new grpc.Metadata();
    metadata.set('x-trace-id', 'abc-123');
    const { headers, trailers } = await getUser({ id: '' }, { metadata });
    expect(headers).toBeNull();
    expect(trailers.get('x-echo-x-trace-id')).toEqual(['abc-123']);
  });
});

describe('ListUsers (server streaming)', () => {
  const listUsers = (init: Parameters<typeof create<typeof ListUsersRequestSchema>>[1]) =>
    serverStreamCall(client, UserService.method.listUsers, create(ListUsersRequestSchema, init));

  it('streams 10 users when no count is given', async () => {
    const { status, messages, headers, trailers } = await listUsers({});
    expect(status.code).toBe(grpc.status.OK);
    expect(messages.map((u) => u.id)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9', 'u10']);
    expect(headers?.get('x-backend')).toEqual(['pod-a']);
    expect(trailers.get('x-backend')).toEqual(['pod-a']);
  });

  it('streams 100,000 tiny messages', async () => {
    const { status, messages } = await listUsers({ count: 100_000, readMask: { paths: ['id'] } });
    expect(status.code).toBe(grpc.status.OK);
    expect(messages.length).toBe(100_000);
    expect(messages.at(-1)?.id).toBe('u100000');
  });

  it('paces messages by the interval', async () => {
    const { status, messages } = await listUsers({ count: 3, interval: { nanos: 10_000_000 } });
    expect(status.code).toBe(grpc.status.OK);
    expect(messages.length).toBe(3);
  });

  it('fails mid-stream after the asked number of messages', async () => {
    const { status, messages, headers } = await listUsers({
      count: 5,
      fault: { code: grpc.status.ABORTED, afterMessages: 2 },
    });
    expect(messages.map((u) => u.id)).toEqual(['u1', 'u2']);
    expect(headers?.get('x-backend')).toEqual(['pod-a']);
    expect(status.code).toBe(grpc.status.ABORTED);
  });

  it('refuses more users than the directory holds', async () => {
    const { status, trailers } = await listUsers({ count: 1_000_001 });
    expect(status.code).toBe(grpc.status.INVALID_ARGUMENT);
    const [badRequest] = richStatusOf(trailers).details;
    expect(isMessage(badRequest, BadRequestSchema) && badRequest.fieldViolations[0]?.field).toBe('count');
  });
});

describe('ImportUsers (client streaming)', () => {
  it('summarises the users sent', async () => {
    const users = [
      create(UserSchema, { id: 'u7', name: 'Seven', roles: [3, 2], avatar: new Uint8Array(3) }),
      create(UserSchema, { id: 'u8', name: 'Eight', roles: [3] }),
    ];
    const { status, messages, headers } = await clientStreamCall(client, UserService.method.importUsers, users);
    expect(status.code).toBe(grpc.status.OK);
    expect(headers?.get('x-backend')).toEqual(['pod-a']);
    expect(messages[0]).toMatchObject({
      importedCount: 2,
      ids: ['u7', 'u8'],
      usersPerRole: { ROLE_ADMIN: 2, ROLE_EDITOR: 1 },
      totalAvatarBytes: 3n,
    });
  });

  it('rejects the import with every violation listed', async () => {
    const users = [
      create(UserSchema, { id: 'u1', name: 'One' }),
      create(UserSchema, { id: 'x', name: '' }),
      create(UserSchema, { id: 'u1', name: 'Again' }),
    ];
    const { status, trailers } = await clientStreamCall(client, UserService.method.importUsers, users);
    expect(status.code).toBe(grpc.status.INVALID_ARGUMENT);
    const [badRequest] = richStatusOf(trailers).details;
    expect(isMessage(badRequest, BadRequestSchema) && badRequest.fieldViolations.map((v) => v.field)).toEqual([
      'users[1].id',
      'users[1].name',
      'users[2].id',
    ]);
  });
});

describe('Chat (bidi streaming)', () => {
  it('answers every message with an echo numbered in order', async () => {
    const messages = [
      create(ChatMessageSchema, { body: { case: 'text', value: 'hello' } }),
      create(ChatMessageSchema, { body: { case: 'data', value: new Uint8Array([1, 2]) } }),
      create(ChatMessageSchema, { body: { case: 'json', value: { a: [1, true, null] } }, priority: 3 }),
    ];
    const { status, messages: answers, headers, trailers } = await bidiCall(client, UserService.method.chat, messages);
    expect(status.code).toBe(grpc.status.OK);
    expect(headers?.get('x-backend')).toEqual(['pod-a']);
    expect(trailers.get('x-backend')).toEqual(['pod-a']);
    expect(answers.map((a) => [a.sequence, a.from, a.body.case])).toEqual([
      [1n, 'pod-a', 'text'],
      [2n, 'pod-a', 'data'],
      [3n, 'pod-a', 'json'],
    ]);
    expect(answers[2]?.body.value).toEqual({ a: [1, true, null] });
    expect(answers[2]?.priority).toBe(3);
  });

  it('ends the call with the status of a fault message', async () => {
    const messages = [
      create(ChatMessageSchema, { body: { case: 'text', value: 'hello' } }),
      create(ChatMessageSchema, {
        body: { case: 'fault', value: { code: grpc.status.PERMISSION_DENIED, message: 'go away' } },
      }),
      create(ChatMessageSchema, { body: { case: 'text', value: 'ignored' } }),
    ];
    const { status, messages: answers } = await bidiCall(client, UserService.method.chat, messages);
    expect(answers.map((a) => a.body.value)).toEqual(['hello']);
    expect(status).toMatchObject({ code: grpc.status.PERMISSION_DENIED, details: 'go away' });
  });
});
