import type { BurstEvent, BurstRequestParsed } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import type { ChannelPool } from '../channel/pool';
import { duplicateId } from '../ids';
import { prepareBurst, type BurstSchema, type ForwardedBurst } from './run-burst';

export interface BurstManagerOptions {
  pool: ChannelPool;
  /** The loaded schema a burst request names (throws an WorkbenchError when it is unknown). */
  schemaFor: (schemaId: string) => BurstSchema;
  emit: (event: BurstEvent) => void;
}

/**
 * startBurst/cancelBurst for the service. A bad request (unknown method, bad JSON, bad target or
 * TLS files) rejects startBurst itself; once started, a burst reports progress and ends with exactly
 * one burst-end event, also when cancelled, and also when it fails: then the event carries the
 * error and what was counted until then, so a UI waiting for the end always gets one.
 */
export class BurstManager {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly options: BurstManagerOptions) {}

  /** `forward` (a k8s:// target's port-forwards) is released when the burst ends or fails to start. */
  async startBurst(
    request: BurstRequestParsed,
    forward?: ForwardedBurst & { release(): Promise<void> },
  ): Promise<{ burstId: string }> {
    const { burstId } = request;
    if (this.running.has(burstId)) throw duplicateId('burst', burstId);
    const prepared = await prepareBurst({
      request,
      schema: this.options.schemaFor(request.schemaId),
      pool: this.options.pool,
      ...(forward === undefined ? {} : { forward }),
    }).catch(async (error: unknown) => {
      await forward?.release();
      throw error;
    });
    if (this.running.has(burstId)) {
      void prepared.discard();
      void forward?.release();
      throw duplicateId('burst', burstId);
    }
    const controller = new AbortController();
    this.running.set(burstId, controller);
    const { emit } = this.options;
    prepared
      .run(
        (report) => emit({ type: 'burst-progress', burstId, done: report.calls, total: request.total, report }),
        controller.signal,
      )
      .then(
        (report) => emit({ type: 'burst-end', burstId, report }),
        (error: unknown) =>
          emit({ type: 'burst-end', burstId, report: prepared.report(), error: WorkbenchError.from(error).toJSON() }),
      )
      .finally(() => {
        this.running.delete(burstId);
        void forward?.release();
      });
    return { burstId };
  }

  /** Idempotent: cancelling a burst that already ended does nothing. */
  cancelBurst(params: { burstId: string }): void {
    this.running.get(params.burstId)?.abort();
  }

  /** Cancels every running burst (host shutdown). */
  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
