import type { BackendStats } from '../api';
import { LatencySample } from './latency-sample';

/** The backend id of an OK call whose server could not be identified (no peer, no backend key). */
export const UNIDENTIFIED_BACKEND = '(unidentified)';

interface BackendTally {
  hits: number;
  errors: number;
  errorsByCode: Record<string, number>;
  latency: LatencySample;
}

/**
 * Counts a burst's outcomes as they arrive: O(1) per call (one map lookup, a few increments).
 * Every call lands in exactly one place — a backend's hits, or the errors (attributed to a backend
 * when it is known) — so Σ hits + Σ errors = calls holds at every moment.
 */
export class BurstTally {
  calls = 0;
  ok = 0;
  /** Failed calls by status code name, attributed or not. */
  readonly errors: Record<string, number> = {};
  private readonly backends = new Map<string, BackendTally>();

  recordSuccess(backendId: string | undefined, latencyMs: number): void {
    const backend = this.backend(backendId ?? UNIDENTIFIED_BACKEND);
    backend.hits++;
    backend.latency.record(latencyMs);
    this.calls++;
    this.ok++;
  }

  /** A failed call; `backendId` is undefined when no backend answered (refused, no peer, cancelled before send). */
  recordFailure(backendId: string | undefined, codeName: string, _latencyMs: number): void {
    if (backendId !== undefined) {
      const backend = this.backend(backendId);
      backend.errors++;
      backend.errorsByCode[codeName] = (backend.errorsByCode[codeName] ?? 0) + 1;
    }
    this.errors[codeName] = (this.errors[codeName] ?? 0) + 1;
    this.calls++;
  }

  get errorCount(): number {
    return this.calls - this.ok;
  }

  /**
   * Per-backend stats, including known backends that got nothing, sorted by id (numerically aware)
   * so tiles keep their place while a burst runs.
   */
  backendStats(knownBackends: readonly string[]): BackendStats[] {
    const known = new Set(knownBackends);
    const ids = new Set([...this.backends.keys(), ...knownBackends]);
    return [...ids].sort(compareBackendIds).map((id) => {
      const tally = this.backends.get(id);
      const { p50, p90, p99 } = tally ? tally.latency.percentiles() : { p50: 0, p90: 0, p99: 0 };
      const hits = tally?.hits ?? 0;
      const errors = tally?.errors ?? 0;
      return {
        id,
        calls: hits + errors,
        hits,
        share: this.calls === 0 ? 0 : (hits + errors) / this.calls,
        errors,
        errorsByCode: { ...(tally?.errorsByCode ?? {}) },
        p50Ms: p50,
        p90Ms: p90,
        p99Ms: p99,
        known: known.has(id),
      };
    });
  }

  private backend(id: string): BackendTally {
    let backend = this.backends.get(id);
    if (backend === undefined) {
      backend = { hits: 0, errors: 0, errorsByCode: {}, latency: new LatencySample() };
      this.backends.set(id, backend);
    }
    return backend;
  }
}

// Made on first use: creating a collator loads ICU's collation data (~25 ms), which every CLI start
// would pay (this module is in the chunk the CLI's argument parser imports), even `-version`.
let idCollator: Intl.Collator | undefined;

/** b2 before b10, 10.0.0.2:80 before 10.0.0.10:80. */
export function compareBackendIds(a: string, b: string): number {
  idCollator ??= new Intl.Collator('en', { numeric: true });
  return idCollator.compare(a, b);
}
