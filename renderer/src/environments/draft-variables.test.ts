import { describe, expect, it } from 'vitest';
import type { GrpcRequest } from '../../../shared/collections/request';
import { labLikeTree } from '../testing/lab-like-collection';
import {
  draftScope,
  noScope,
  resolveDraftVariables,
  unresolvedUses,
  variableUses,
  withEnvironmentVariables,
} from './draft-variables';

const getUser: GrpcRequest = {
  kind: 'grpc-request',
  name: 'Get a user',
  method: 'user.v1.UserService/GetUser',
  message: '{"id":"{{userId}}"}',
};

const storedSecret = [{ name: 'apiKey', source: 'store' as const, environmentVariable: 'WORKBENCH_SECRET_APIKEY' }];

describe('draft variables', () => {
  it('resolves plain variables under the collection and folder defaults, leaving secrets for the host', () => {
    const scope = draftScope(labLikeTree, 'users/get-user.grpc.yaml', 'local', storedSecret);
    const resolution = resolveDraftVariables(getUser, scope);
    expect(resolution).toEqual({
      ok: true,
      draft: {
        ...getUser,
        target: '127.0.0.1:50051',
        deadline: '5s',
        metadata: { 'x-api-key': '{{secret.apiKey}}', 'x-team': 'users-eu' },
        message: '{"id":"u42"}',
      },
    });
  });

  it('names every unresolved variable and its field instead of sending braces', () => {
    const scope = draftScope(labLikeTree, 'users/get-user.grpc.yaml', 'empty', storedSecret);
    const resolution = resolveDraftVariables({ ...getUser, authority: '{{secret.apiKey}}' }, scope);
    expect(resolution.ok).toBe(false);
    if (resolution.ok) return;
    expect(resolution.unresolved.map((use) => [use.field, use.ref.text, use.reason])).toEqual([
      ['Target', '{{target}}', 'undefined'],
      ['Authority', '{{secret.apiKey}}', 'host-only'],
      ['Metadata x-team', '{{region}}', 'undefined'],
      ['Request message', '{{userId}}', 'undefined'],
    ]);
    expect(resolution.error).toMatchObject({
      kind: 'bad_input',
      message:
        'Not sent: unresolved variables {{target}}, {{secret.apiKey}}, {{region}}, {{userId}} (in Target, Authority, Metadata x-team, Request message).',
      hint: expect.stringContaining('Define "target" in environment empty'),
    });
  });

  it('flags a secret the host has no value for, and checks only connection fields for Connect', () => {
    const missing = [{ ...storedSecret[0]!, source: 'missing' as const }];
    const scope = draftScope(labLikeTree, 'users/get-user.grpc.yaml', 'local', missing);
    expect(unresolvedUses(getUser, scope)).toEqual([
      expect.objectContaining({ field: 'Metadata x-api-key', reason: 'missing-secret' }),
    ]);
    const withUnknownBody = { ...getUser, message: '{"id":"{{nobody}}"}' };
    const okScope = draftScope(labLikeTree, 'users/get-user.grpc.yaml', 'local', storedSecret);
    expect(resolveDraftVariables(withUnknownBody, okScope, 'connection').ok).toBe(true);
    expect(resolveDraftVariables(withUnknownBody, okScope, 'all').ok).toBe(false);
  });

  it('leaves secrets outside a collection to the host, refuses them where it cannot, keeps a plain draft', () => {
    const draft = { ...getUser, message: '{}', metadata: { authorization: '{{secret.token}}' } };
    expect(unresolvedUses(draft, noScope)).toEqual([]);
    expect(resolveDraftVariables(draft, noScope)).toMatchObject({
      ok: true,
      draft: { metadata: { authorization: '{{secret.token}}' } },
    });
    expect(unresolvedUses({ ...draft, target: '{{env.TARGET}}' }, noScope)).toEqual([
      expect.objectContaining({ field: 'Target', reason: 'host-only' }),
    ]);
    const plain = { ...getUser, target: 'localhost:50051', message: '{}' };
    expect(resolveDraftVariables(plain, noScope)).toEqual({ ok: true, draft: plain });
  });

  it('lists each variable once with the fields that use it, where they come from, and its value', () => {
    const scope = draftScope(labLikeTree, 'users/get-user.grpc.yaml', 'local', storedSecret);
    const uses = variableUses({ ...getUser, authority: '{{target}}' }, scope);
    expect(uses.map((use) => [use.ref.text, use.uses, use.source, use.value])).toEqual([
      [
        '{{target}}',
        [
          { field: 'Target', origin: { kind: 'collection' } },
          { field: 'Authority', origin: { kind: 'request' } },
        ],
        'environment',
        '127.0.0.1:50051',
      ],
      [
        '{{secret.apiKey}}',
        [{ field: 'Metadata x-api-key', origin: { kind: 'collection' } }],
        'secret-store',
        undefined,
      ],
      ['{{region}}', [{ field: 'Metadata x-team', origin: { kind: 'folder', path: 'users' } }], 'environment', 'eu'],
      ['{{userId}}', [{ field: 'Request message', origin: { kind: 'request' } }], 'environment', 'u42'],
    ]);
  });

  it('resolves the environment’s variables in expectations, leaving secrets and captures as written', () => {
    const scope = draftScope(labLikeTree, 'users/get-user.grpc.yaml', 'local', storedSecret);
    const expect_ = {
      message: { partial: '{"id":"{{userId}}","by":"{{capturedName}}"}' },
      headers: { k: '{{secret.apiKey}}' },
    };
    expect(withEnvironmentVariables(expect_, scope)).toEqual({
      message: { partial: '{"id":"u42","by":"{{capturedName}}"}' },
      headers: { k: '{{secret.apiKey}}' },
    });
    expect(withEnvironmentVariables(undefined, scope)).toBeUndefined();
  });

  it('reads TLS files of defaults relative to the file that holds them, as the runner does', () => {
    const tree = {
      ...labLikeTree,
      collection: {
        ...labLikeTree.collection!,
        defaults: {
          tls: { mode: 'tls' as const, caFile: 'certs/ca.pem', certFile: '/etc/client.pem', keyFile: 'C:\\k.pem' },
        },
      },
    };
    const scope = draftScope(tree, 'get-user.grpc.yaml', undefined);
    expect(resolveDraftVariables({ ...getUser, message: '{}' }, scope)).toMatchObject({
      ok: true,
      draft: {
        tls: { mode: 'tls', caFile: '/work/lab/certs/ca.pem', certFile: '/etc/client.pem', keyFile: 'C:\\k.pem' },
      },
    });
  });
});
