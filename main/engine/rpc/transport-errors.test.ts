import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { explainTransportFailure, type FailureContext } from './transport-errors';

const context: FailureContext = { target: '127.0.0.1:1', tls: { mode: 'plaintext' }, elapsedMs: 5, connected: true };

describe('explainTransportFailure: receive size limit', () => {
  // grpc-js's texts (stream-decoder.js and compression-filter.js of 1.14).
  it.each([
    ['Received message larger than max (6404 vs 1000)', 'the frame of a compressed message'],
    [
      'Received message that decompresses to a size larger than 1000',
      'a message that grows past the limit when decompressed',
    ],
  ])('names the limit and no size for %s (%s)', (details) => {
    const error = explainTransportFailure(status.RESOURCE_EXHAUSTED, details, { ...context, receiveLimitBytes: 1000 });
    expect(error).toEqual({
      kind: 'bad_input',
      message: 'The response message is larger than the receive limit (1000 bytes).',
      subject: 'maxReceiveMessageBytes',
      hint: 'Raise the receive limit.',
      setting: 'maxReceiveMessageBytes',
    });
    expect(error?.message).not.toContain('6404');
  });

  it('leaves a server-sent RESOURCE_EXHAUSTED alone', () => {
    expect(explainTransportFailure(status.RESOURCE_EXHAUSTED, 'quota exceeded', context)).toBeUndefined();
  });

  it('leaves alone a server refusing our request with its own limit, in grpc-js words', () => {
    const details = 'Received message larger than max (5000000 vs 4194304)';
    expect(
      explainTransportFailure(status.RESOURCE_EXHAUSTED, details, { ...context, receiveLimitBytes: 1000 }),
    ).toBeUndefined();
  });
});
