import { describe, expect, it } from 'vitest';
import { grpcRequestSchema, type GrpcRequest } from '../../../shared/collections/request';
import {
  checkMetadataMap,
  draftBody,
  draftConnection,
  emptyDraft,
  toInvokeRequest,
  withDraftBody,
  withOptionalText,
} from './request-draft';

const session = { schemaId: 'schema-1', connection: { target: 'h:1', tls: { mode: 'plaintext' as const } } };

describe('draftConnection', () => {
  it('builds plaintext and TLS connections from the fields', () => {
    expect(draftConnection(emptyDraft(' localhost:50051 '))).toEqual({
      ok: true,
      value: { target: 'localhost:50051', tls: { mode: 'plaintext' }, authority: undefined },
    });
    const tls = draftConnection({
      ...emptyDraft('h:443'),
      tls: { mode: 'tls', caFile: 'ca.crt', certFile: 'c.crt', keyFile: 'c.key', serverName: 'api' },
      authority: 'api:443',
    });
    expect(tls).toEqual({
      ok: true,
      value: {
        target: 'h:443',
        authority: 'api:443',
        tls: {
          mode: 'tls',
          caFile: 'ca.crt',
          certFile: 'c.crt',
          keyFile: 'c.key',
          insecureSkipVerify: undefined,
          serverName: 'api',
        },
      },
    });
  });

  it('names the field at fault', () => {
    const empty = draftConnection(emptyDraft());
    expect(empty.ok || empty.error.subject).toBe('Target');
    const halfMtls = draftConnection({ ...emptyDraft('h:1'), tls: { mode: 'tls', certFile: 'c.crt' } });
    expect(halfMtls.ok || halfMtls.error.subject).toBe('Client key');
  });

  it('carries a saved request’s load-balancing policy and service config', () => {
    const connection = draftConnection({
      ...emptyDraft('dns:///api:443'),
      loadBalancingPolicy: 'round_robin',
      serviceConfig: '{"retryPolicy":{}}',
    });
    expect(connection.ok && connection.value).toMatchObject({
      loadBalancingPolicy: 'round_robin',
      serviceConfigJson: '{"retryPolicy":{}}',
    });
  });
});

describe('the draft body', () => {
  it('lives in `message` for unary and server streaming, in the first stream step for client and bidi', () => {
    const unary = withDraftBody(emptyDraft(), 'server_streaming', '{"count":3}');
    expect(unary.message).toBe('{"count":3}');
    expect(unary.messages).toBeUndefined();
    const stream = withDraftBody(unary, 'bidi_streaming', '{"text":"hi"}');
    expect(stream.messages).toEqual([{ json: '{"text":"hi"}' }]);
    expect('message' in stream).toBe(false);
    expect(draftBody(stream)).toBe('{"text":"hi"}');
    expect(draftBody(withDraftBody(stream, 'unary', '{"id":"u1"}'))).toBe('{"id":"u1"}');
  });

  it('keeps the later steps of a saved stream when the first one is edited', () => {
    const saved: GrpcRequest = { ...emptyDraft(), messages: [{ json: '{}' }, { delay: '1s' }, { json: '{"b":1}' }] };
    expect(withDraftBody(saved, 'client_streaming', '{"a":1}').messages).toEqual([
      { json: '{"a":1}' },
      { delay: '1s' },
      { json: '{"b":1}' },
    ]);
  });

  it('is "{}" for a new draft', () => {
    expect(draftBody(emptyDraft())).toBe('{}');
  });
});

describe('the draft is a saved request', () => {
  it('parses as a *.grpc.yaml request once a method is picked, empty fields left out', () => {
    let draft = withDraftBody(
      { ...emptyDraft('localhost:50051'), method: 'user.v1.UserService/GetUser' },
      'unary',
      '{}',
    );
    draft = withOptionalText(draft, 'deadline', '5s');
    draft = withOptionalText(draft, 'authority', '');
    expect(grpcRequestSchema.parse(draft)).toEqual(draft);
    expect('authority' in draft).toBe(false);
  });
});

describe('checkMetadataMap', () => {
  it('normalizes the good entries and explains the bad ones by key', () => {
    const check = checkMetadataMap({ Authorization: 'Bearer x', 'x-bin': 'not base64!' });
    expect(check.entries).toEqual([{ key: 'authorization', value: 'Bearer x' }]);
    expect(check.problems.get('x-bin')).toMatch(/base64/);
  });
});

describe('toInvokeRequest', () => {
  const draft: GrpcRequest = {
    ...emptyDraft('ignored:1'),
    method: 'user.v1.UserService/GetUser',
    message: '{"id":"u7"}',
    metadata: { Authorization: 'Bearer t' },
    deadline: '2s',
  };

  it('is the call of the draft over the connection of the last Connect', () => {
    expect(toInvokeRequest(draft, session)).toEqual({
      ok: true,
      value: {
        schemaId: 'schema-1',
        method: 'user.v1.UserService/GetUser',
        connection: session.connection,
        metadata: [{ key: 'authorization', value: 'Bearer t' }],
        deadlineMs: 2000,
        messages: ['{"id":"u7"}'],
      },
    });
  });

  it('compresses the request messages when the draft says gzip', () => {
    const request = toInvokeRequest({ ...draft, compression: 'gzip' }, session);
    expect(request.ok && request.value.compression).toBe('gzip');
  });

  it('opens a stream with its first step', () => {
    const stream = withDraftBody({ ...draft, method: 'user.v1.UserService/Chat' }, 'bidi_streaming', '{"text":"hi"}');
    const request = toInvokeRequest(stream, session);
    expect(request.ok && request.value.messages).toEqual(['{"text":"hi"}']);
  });

  it('says what is missing or wrong, naming the field', () => {
    const notConnected = toInvokeRequest(draft, undefined);
    expect(notConnected.ok || notConnected.error.message).toBe('Connect and pick a method first.');
    const noMethod = toInvokeRequest({ ...draft, method: '' }, session);
    expect(noMethod.ok).toBe(false);
    const badKey = toInvokeRequest({ ...draft, metadata: { 'Bad Key': 'x' } }, session);
    expect(badKey.ok || badKey.error.subject).toBe('Metadata');
    const badDeadline = toInvokeRequest({ ...draft, deadline: 'forever' }, session);
    expect(badDeadline.ok || badDeadline.error.subject).toBe('Deadline');
  });
});
