import { describe, expect, it } from 'vitest';
import { buildChannelOptions, DEFAULT_MAX_RECEIVE_MESSAGE_BYTES } from './channel-options';

describe('buildChannelOptions', () => {
  it('defaults the receive limit to 64 MiB and gives each channel its own connections', () => {
    const options = buildChannelOptions({ target: 'h:1', tls: { mode: 'plaintext' } });
    expect(options['grpc.max_receive_message_length']).toBe(DEFAULT_MAX_RECEIVE_MESSAGE_BYTES);
    expect(options['grpc.use_local_subchannel_pool']).toBe(1);
    expect(options['grpc.service_config']).toBeUndefined();
  });

  it('maps sizes, keepalive, user agent and gzip', () => {
    const options = buildChannelOptions(
      {
        target: 'h:1',
        tls: { mode: 'plaintext' },
        maxReceiveMessageBytes: 10,
        maxSendMessageBytes: 20,
        keepaliveTimeMs: 30_000,
        userAgent: 'wb/1',
      },
      { compression: 'gzip' },
    );
    expect(options).toMatchObject({
      'grpc.max_receive_message_length': 10,
      'grpc.max_send_message_length': 20,
      'grpc.keepalive_time_ms': 30_000,
      'grpc.primary_user_agent': 'wb/1',
      'grpc.default_compression_algorithm': 2,
    });
  });

  it('merges the load-balancing policy into the service config, the policy winning', () => {
    const retry = {
      methodConfig: [{ name: [{ service: 'a.B' }], retryPolicy: { maxAttempts: 3 } }],
      loadBalancingConfig: [{ pick_first: {} }],
    };
    const options = buildChannelOptions({
      target: 'h:1',
      tls: { mode: 'plaintext' },
      loadBalancingPolicy: 'round_robin',
      serviceConfigJson: JSON.stringify(retry),
    });
    expect(JSON.parse(options['grpc.service_config'] as string)).toEqual({
      ...retry,
      loadBalancingConfig: [{ round_robin: {} }],
    });
  });

  it('uses the server name for TLS verification and as default authority', () => {
    const options = buildChannelOptions({
      target: '127.0.0.1:443',
      tls: { mode: 'tls', serverName: 'api.example.com' },
    });
    expect(options['grpc.ssl_target_name_override']).toBe('api.example.com');
    expect(options['grpc.default_authority']).toBe('api.example.com');
  });

  it('sends an authority override and, over TLS, verifies against its host (like grpcurl)', () => {
    const tls = buildChannelOptions({
      target: '127.0.0.1:443',
      tls: { mode: 'tls' },
      authority: 'api.example.com:8443',
    });
    expect(tls['grpc.default_authority']).toBe('api.example.com:8443');
    expect(tls['grpc.ssl_target_name_override']).toBe('api.example.com');
    const plain = buildChannelOptions({ target: '127.0.0.1:80', tls: { mode: 'plaintext' }, authority: 'svc.local' });
    expect(plain['grpc.default_authority']).toBe('svc.local');
    expect(plain['grpc.ssl_target_name_override']).toBeUndefined();
  });

  it('names the service config when it is not JSON or not an object', () => {
    expect(() => buildChannelOptions({ target: 'h:1', tls: { mode: 'plaintext' }, serviceConfigJson: '[1]' })).toThrow(
      /service config must be a JSON object/,
    );
    expect(() => buildChannelOptions({ target: 'h:1', tls: { mode: 'plaintext' }, serviceConfigJson: '{' })).toThrow(
      /service config is not valid JSON/,
    );
  });
});
