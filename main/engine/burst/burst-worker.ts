/**
 * A worker thread of a burst (started by worker-runner.ts): it opens its share of the burst's
 * channels, connects them when told, then runs its share of the call slots against the budget and
 * rate limit all threads share, and sends every finished call back in batches.
 * Built as its own entry (dist/burst-worker.js); see worker-entry.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fromBinary } from '@bufbuild/protobuf';
import { toGrpcMetadata } from '../rpc/metadata';
import { CallBatchWriter } from './call-batch';
import { CallBudget } from './call-budget';
import { CallLoop } from './call-loop';
import { openOwnChannels, type ChannelSource } from './channel-source';
import type { RawCallSpec } from './raw-call';
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
  const output = outputTypeFrom(setup.output);
  const spec: RawCallSpec = {
    path: setup.call.path,
    payload: Buffer.from(setup.call.payload.buffer, setup.call.payload.byteOffset, setup.call.payload.byteLength),
    metadata: toGrpcMetadata(setup.call.metadata),
    ...(setup.call.deadlineMs === undefined ? {} : { deadlineMs: setup.call.deadlineMs }),
    ...(setup.call.backendKey === undefined ? {} : { backendKey: setup.call.backendKey }),
    decodes: (bytes) => {
      try {
        fromBinary(output, bytes);
        return true;
      } catch {
        return false;
      }
    },
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

const setup = workerData as BurstWorkerSetup;
try {
  const { spec, channels } = await open(setup);
  let loop: CallLoop | undefined;
  port.on('message', (message: ToWorker) => {
    if (message.type === 'warm-up') void channels.warmUp().then(() => post({ type: 'warm' }));
    else if (message.type === 'go') loop = run(setup, spec, channels, message.endAt);
    else loop?.stop();
  });
  post({ type: 'opened' });
} catch (error) {
  post({ type: 'setup-failed', message: error instanceof Error ? error.message : String(error) });
}
