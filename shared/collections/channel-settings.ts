/**
 * A saved request's `channel` block (sizes and durations as people type them) as the engine's
 * connection options — one reading for the app's editor and the collection runner, so both refuse
 * the same typo with the same words.
 */
import { WorkbenchError } from '../api/errors';
import type { SettingId } from '../settings';
import { parseByteSize } from '../byte-size';
import { parseDurationMs } from '../duration';
import type { ChannelSettings } from './request';

export interface ChannelConnectionOptions {
  maxReceiveMessageBytes?: number;
  maxSendMessageBytes?: number;
  keepaliveTimeMs?: number;
  connectTimeoutMs?: number;
  userAgent?: string;
}

const fields = [
  ['maxReceiveSize', 'maxReceiveMessageBytes', parseByteSize],
  ['maxSendSize', 'maxSendMessageBytes', parseByteSize],
  ['keepalive', 'keepaliveTimeMs', (text: string) => Math.max(1, Math.round(parseDurationMs(text)))],
  ['connectTimeout', 'connectTimeoutMs', (text: string) => Math.max(1, Math.round(parseDurationMs(text)))],
] as const satisfies readonly [
  keyof ChannelSettings,
  keyof ChannelConnectionOptions & SettingId,
  (text: string) => number,
][];

/** The options `channel` sets; throws a bad_input WorkbenchError naming the field (setting id) and the problem. */
export function channelConnectionOptions(channel: ChannelSettings | undefined): ChannelConnectionOptions {
  const options: ChannelConnectionOptions = {};
  if (channel === undefined) return options;
  for (const [field, option, parse] of fields) {
    const text = channel[field]?.trim();
    if (text === undefined || text === '') continue;
    try {
      options[option] = parse(text);
    } catch (error) {
      throw new WorkbenchError('bad_input', `channel.${field}: ${(error as Error).message}`, {
        setting: option,
        subject: `channel.${field}`,
      });
    }
  }
  const userAgent = channel.userAgent?.trim();
  if (userAgent !== undefined && userAgent !== '') options.userAgent = userAgent;
  return options;
}
