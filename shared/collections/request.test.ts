import { describe, expect, it } from 'vitest';
import { withSentConnection } from './request';

const sentTo = { target: '127.0.0.1:50051', tls: { mode: 'plaintext' as const } };

describe('withSentConnection', () => {
  it('keeps the draft as written, with the target and TLS it went to where a collection default gave them', () => {
    const fromCollection = { kind: 'grpc-request' as const, name: 'Get a user', method: 'user.v1.UserService/GetUser' };
    expect(withSentConnection(fromCollection, sentTo)).toEqual({
      ...fromCollection,
      target: '127.0.0.1:50051',
      tls: { mode: 'plaintext' },
    });
    const own = { ...fromCollection, target: '{{target}}', tls: { mode: 'tls' as const } };
    expect(withSentConnection(own, sentTo)).toEqual(own);
  });
});
