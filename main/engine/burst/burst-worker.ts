/**
 * A worker thread of a burst (started by worker-runner.ts): it opens its share of the burst's
 * channels, connects them when told, then runs its share of the call slots against the budget and
 * rate limit all threads share, and sends every finished call back in batches.
 * Built as its own entry (dist/burst-worker.js); see worker-entry.ts.
 */
import { parentPort } from 'node:worker_threads';
import { toGrpcMetadata } from '../rpc/metadata';
import { CallBatchWriter } from './call-batch';
import { CallBudget } from './call-budget';
import { CallLoop } from './call-loop';
import { openOwnChannels, type ChannelSource } from './channel-source';
import { decodesAs, type RawCallSpec } from './raw-call';
import { TokenBucket } from './token-bucket';
import {
  outputTypeFrom,
  PROGRESS_INTERVAL_MS,
  type BurstWorkerSetup,
  type FromWorker,
  type ToWorker,
} from './worker-protocol';

/** Calls per batch; a batch also goes when FLUSH_MS have passed, so progress stays current. */
const BATCH_CALLS = 1024;
const FLUSH_MS = 20;

const port = parentPort!;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

async function open(setup: BurstWorkerSetup): Promise<{ spec: RawCallSpec; channels: ChannelSource }> {
  const spec: RawCallSpec = {
    path: setup.call.path,
    payload: Buffer.from(setup.call.payload.buffer, setup.call.payload.byteOffset, setup.call.payload.byteLength),
    metadata: toGrpcMetadata(setup.call.metadata),
    ...(setup.call.deadlineMs === undefined ? {} : { deadlineMs: setup.call.deadlineMs }),
    ...(setup.call.backendKey === undefined ? {} : { backendKey: setup.call.backendKey }),
    decodes: decodesAs(outputTypeFrom(setup.output)),
  };
  return { spec, channels: await openOwnChannels(setup.channels, setup.connection) };
}

function run(setup: BurstWorkerSetup, spec: RawCallSpec, channels: ChannelSource, endAt: number): CallLoop {
  const batch = new CallBatchWriter(BATCH_CALLS);
  let usageReadAt = 0;
  const flush = (): void => {
    if (batch.size === 0) return;
    const now = performance.now();
    const usage = now - usageReadAt >= PROGRESS_INTERVAL_MS ? channels.usage(loop.started) : undefined;
    if (usage !== undefined) usageReadAt = now;
    const { batch: calls, transfer } = batch.take();
    post({ type: 'calls', batch: calls, ...(usage === undefined ? {} : { usage }) }, transfer);
  };
  const loop: CallLoop = new CallLoop({
    spec,
    slots: setup.slots,
    channels,
    budget: CallBudget.attach(setup.budget),
    bucket: setup.bucket === undefined ? undefined : TokenBucket.attach(setup.bucket),
    endAt,
    connectBudgetMs: setup.connectBudgetMs,
    target: setup.connection.target,
    onCall: (backend, failure, latencyMs) => {
      batch.add(backend, failure, latencyMs);
      if (batch.full) flush();
    },
    onStartFailure: (error) =>
      post({ type: 'start-failed', message: error instanceof Error ? error.message : String(error) }),
  });
  const timer = setInterval(flush, FLUSH_MS);
  void loop.run().then(() => {
    clearInterval(timer);
    const usage = channels.usage(loop.started);
    channels.close();
    const { batch: calls, transfer } = batch.take();
    post({ type: 'done', batch: calls, usage }, transfer);
  });
  return loop;
}

/** The burst the worker is part of now; a worker serves one burst after another (worker-runner.ts keeps it for the next). */
let current: { setup: BurstWorkerSetup; spec: RawCallSpec; channels: ChannelSource; loop?: CallLoop } | undefined;

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'setup':
      current = undefined;
      open(message.setup).then(
        ({ spec, channels }) => {
          current = { setup: message.setup, spec, channels };
          post({ type: 'opened' });
        },
        (error: unknown) =>
          post({ type: 'setup-failed', message: error instanceof Error ? error.message : String(error) }),
      );
      return;
    case 'warm-up':
      void current?.channels.warmUp().then(() => post({ type: 'warm' }));
      return;
    case 'go':
      if (current !== undefined) current.loop = run(current.setup, current.spec, current.channels, message.endAt);
      return;
    case 'stop':
      current?.loop?.stop();
  }
});
