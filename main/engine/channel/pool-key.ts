import type { ConnectionOptions } from '../../../shared/api';
import type { ChannelTuning } from './channel-options';

/**
 * The pool key: the whole connection (and tuning) as JSON with sorted keys, so two option objects
 * that differ only in key order or in absent-vs-undefined fields share one channel.
 */
export function channelPoolKey(connection: ConnectionOptions, tuning: ChannelTuning = {}): string {
  return stableStringify({ connection, tuning: effectiveTuning(tuning) });
}

/**
 * Tuning without the values that build the same channel as no tuning. Calls always name their
 * compression ('identity' by default) while watches, reflection and bursts name none; keyed apart,
 * a watched channel would never see the calls.
 */
function effectiveTuning(tuning: ChannelTuning): ChannelTuning {
  const { compression, ...rest } = tuning;
  return compression === 'identity' ? rest : tuning;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, field]) => `${JSON.stringify(name)}:${stableStringify(field)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}
