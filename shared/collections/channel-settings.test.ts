import { describe, expect, it } from 'vitest';
import { channelConnectionOptions } from './channel-settings';

describe('channelConnectionOptions', () => {
  it('reads sizes and durations as typed, leaving blank fields out', () => {
    expect(
      channelConnectionOptions({
        maxReceiveSize: '128MiB',
        maxSendSize: '1048576',
        keepalive: '30s',
        connectTimeout: '2.5s',
        userAgent: ' ops-console/1.2 ',
      }),
    ).toEqual({
      maxReceiveMessageBytes: 128 * 1024 * 1024,
      maxSendMessageBytes: 1_048_576,
      keepaliveTimeMs: 30_000,
      connectTimeoutMs: 2_500,
      userAgent: 'ops-console/1.2',
    });
    expect(channelConnectionOptions({ maxReceiveSize: ' ', userAgent: '' })).toEqual({});
    expect(channelConnectionOptions(undefined)).toEqual({});
  });

  it('names the field and the setting a typo is in', () => {
    expect(() => channelConnectionOptions({ maxReceiveSize: '64 megs' })).toThrow(
      expect.objectContaining({
        kind: 'bad_input',
        message:
          'channel.maxReceiveSize: invalid size "64 megs": unknown unit "megs" (use B, KB, MB, GB, KiB, MiB or GiB)',
        setting: 'maxReceiveMessageBytes',
      }),
    );
    expect(() => channelConnectionOptions({ keepalive: 'often' })).toThrow(
      expect.objectContaining({ setting: 'keepaliveTimeMs', subject: 'channel.keepalive' }),
    );
  });
});
