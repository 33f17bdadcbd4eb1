import { describe, expect, it } from 'vitest';
import { importGrpcurl } from '../../../shared/collections/grpcurl';
import type { GrpcRequest } from '../../../shared/collections/request';
import { draftScope, noScope } from '../environments/draft-variables';
import { labLikeTree } from '../testing/lab-like-collection';
import { draftToGrpcurl } from './grpcurl-command';

const getUser: GrpcRequest = {
  kind: 'grpc-request',
  name: 'GetUser',
  method: 'user.v1.UserService/GetUser',
  message: '{"id":"{{userId}}"}',
};

describe('draftToGrpcurl', () => {
  it('applies defaults and the environment, writes secrets as references, and imports back to the same request', () => {
    const scope = draftScope(labLikeTree, 'users/get-user.grpc.yaml', 'local');
    const command = draftToGrpcurl(getUser, scope);
    expect(command).toEqual({
      ok: true,
      value:
        `grpcurl -plaintext -H "x-api-key: $WORKBENCH_SECRET_APIKEY" -H 'x-team: users-eu' -max-time 5 ` +
        `-d '{"id":"u42"}' 127.0.0.1:50051 user.v1.UserService/GetUser\n`,
    });
    if (!command.ok) return;
    const imported = importGrpcurl(command.value, { secretNames: ['apiKey'] }).request;
    expect(imported).toEqual({
      kind: 'grpc-request',
      name: 'GetUser',
      method: 'user.v1.UserService/GetUser',
      target: '127.0.0.1:50051',
      tls: { mode: 'plaintext' },
      deadline: '5s',
      metadata: { 'x-api-key': '{{secret.apiKey}}', 'x-team': 'users-eu' },
      // The importer keeps the body as pretty JSON text; the export trims it again.
      message: expect.stringMatching(/^\{"id":"u42"\}\s*$/),
    });
    expect(draftToGrpcurl(imported, noScope)).toEqual(command);
  });

  it('names what is missing instead of writing braces', () => {
    expect(draftToGrpcurl({ ...getUser, method: '' }, noScope)).toMatchObject({
      ok: false,
      error: { message: 'The request has no method yet.' },
    });
    expect(draftToGrpcurl({ ...getUser, target: 'localhost:1' }, noScope)).toMatchObject({
      ok: false,
      error: { kind: 'bad_input', message: expect.stringContaining('{{userId}}') },
    });
  });
});
