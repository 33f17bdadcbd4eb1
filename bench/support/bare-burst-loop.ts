/**
 * The bare grpc-js load loop the burst is measured against (bench/burst.ts, in process, and
 * bench/children/bare-burst-client.ts, one per process): grpc-js's own Client on one channel,
 * identity serializers, the request encoded once, `concurrency` loops each starting its next call
 * when the previous one ends — until `calls` calls were made or `durationMs` has passed.
 */
import * as grpc from '@grpc/grpc-js';

export type LoopLimit = { calls: number } | { durationMs: number };

/** Runs the loops; returns the calls made and the milliseconds until the last one ended. */
export async function bareBurstLoop(
  client: grpc.Client,
  method: string,
  payload: Buffer,
  limit: LoopLimit,
  concurrency: number,
): Promise<{ calls: number; ms: number }> {
  const identity = (bytes: Buffer) => bytes;
  const begin = performance.now();
  const more: () => boolean =
    'calls' in limit ? () => started < limit.calls : () => performance.now() - begin < limit.durationMs;
  let started = 0;
  const loop = () =>
    new Promise<void>((resolve, reject) => {
      const next = () => {
        if (!more()) return resolve();
        started++;
        client.makeUnaryRequest(`/${method}`, identity, identity, payload, new grpc.Metadata(), {}, (error) =>
          error ? reject(error) : next(),
        );
      };
      next();
    });
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { calls: started, ms: performance.now() - begin };
}
