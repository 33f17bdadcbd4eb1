import type { CallOutcome } from './call-loop';

/**
 * Finished calls on their way from a worker thread to the burst's tally, every one of them: its
 * backend and failure as indexes into name tables that grow with each batch (a burst names a
 * handful of backends and codes, millions of times), its latency as a float. The arrays are
 * transferred, not copied.
 */
export interface CallBatch {
  count: number;
  /** Names first used in this batch, appended to the receiver's tables. */
  newBackends: string[];
  newFailures: string[];
  /** Index into the backend table; NONE when no backend was named. */
  backends: Int32Array;
  /** Index into the failure table; NONE when the call was OK. */
  failures: Int32Array;
  latencies: Float64Array;
}

const NONE = -1;

/** The sending side (in a worker): collects calls, then hands them over as one batch. */
export class CallBatchWriter {
  private readonly backendIds = new Map<string, number>();
  private readonly failureIds = new Map<string, number>();
  private newBackends: string[] = [];
  private newFailures: string[] = [];
  private backends: Int32Array;
  private failures: Int32Array;
  private latencies: Float64Array;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.backends = new Int32Array(capacity);
    this.failures = new Int32Array(capacity);
    this.latencies = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Records one call; check `full` and `take` the batch before the next. */
  readonly add: CallOutcome = (backend, failure, latencyMs) => {
    this.backends[this.count] = backend === undefined ? NONE : this.idOf(backend, this.backendIds, this.newBackends);
    this.failures[this.count] = failure === undefined ? NONE : this.idOf(failure, this.failureIds, this.newFailures);
    this.latencies[this.count] = latencyMs;
    this.count++;
  };

  /** The calls recorded since the last `take`, and the buffers to transfer with them. */
  take(): { batch: CallBatch; transfer: ArrayBuffer[] } {
    const batch: CallBatch = {
      count: this.count,
      newBackends: this.newBackends,
      newFailures: this.newFailures,
      backends: this.backends.slice(0, this.count),
      failures: this.failures.slice(0, this.count),
      latencies: this.latencies.slice(0, this.count),
    };
    this.newBackends = [];
    this.newFailures = [];
    this.count = 0;
    return {
      batch,
      transfer: [batch.backends.buffer, batch.failures.buffer, batch.latencies.buffer] as ArrayBuffer[],
    };
  }

  private idOf(name: string, ids: Map<string, number>, added: string[]): number {
    let id = ids.get(name);
    if (id === undefined) {
      id = ids.size;
      ids.set(name, id);
      added.push(name);
    }
    return id;
  }
}

/** The receiving side (one per worker): replays each batch's calls, in order, into `onCall`. */
export class CallBatchReader {
  private readonly backends: string[] = [];
  private readonly failures: string[] = [];

  /** `nameBackend` renames a backend once, when it first appears (a port-forward's address → its pod). */
  constructor(private readonly nameBackend: (backend: string) => string = (backend) => backend) {}

  read(batch: CallBatch, onCall: CallOutcome): void {
    for (const backend of batch.newBackends) this.backends.push(this.nameBackend(backend));
    this.failures.push(...batch.newFailures);
    for (let i = 0; i < batch.count; i++) {
      const backend = batch.backends[i]!;
      const failure = batch.failures[i]!;
      onCall(
        backend === NONE ? undefined : this.backends[backend],
        failure === NONE ? undefined : this.failures[failure],
        batch.latencies[i]!,
      );
    }
  }
}
