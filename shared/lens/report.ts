import type { BurstReport } from '../api';
import type { BurstTally } from './tally';
import { judgeBurst, type BurstSetup } from './verdict';

export interface BurstReportContext {
  setup: BurstSetup;
  /** Declared by the user plus resolved from the target, deduplicated. */
  knownBackends: readonly string[];
  /** Transport connections (subchannels) that carried calls. */
  connectionsUsed: number;
  channelsUsed: number;
  durationMs: number;
  cancelled: boolean;
}

/** A snapshot of the burst so far (or at its end): the tally, the per-backend stats and the verdict. */
export function buildBurstReport(tally: BurstTally, context: BurstReportContext): BurstReport {
  const backends = tally.backendStats(context.knownBackends);
  const errors = { ...tally.errors };
  const verdict = judgeBurst({
    calls: tally.calls,
    ok: tally.ok,
    errors,
    backends,
    connectionsUsed: context.connectionsUsed,
    channelsUsed: context.channelsUsed,
    setup: context.setup,
  });
  return {
    calls: tally.calls,
    ok: tally.ok,
    errors,
    qps: context.durationMs > 0 ? (tally.calls * 1000) / context.durationMs : 0,
    durationMs: context.durationMs,
    backends,
    knownBackends: [...context.knownBackends],
    connections: context.connectionsUsed,
    channels: context.channelsUsed,
    verdict,
    cancelled: context.cancelled,
  };
}

/** Declared first, then resolved, without duplicates or blanks. */
export function mergeKnownBackends(declared: readonly string[], resolved: readonly string[]): string[] {
  return [...new Set([...declared, ...resolved].map((id) => id.trim()).filter((id) => id.length > 0))];
}

/** Parses a pasted list of backends: commas, whitespace or newlines between ids. */
export function parseBackendList(text: string): string[] {
  return mergeKnownBackends(text.split(/[\s,]+/), []);
}
