import { create, createFileRegistry, fromBinary, toBinary, type DescFile, type DescMessage } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import type { ConnectionOptions, MetadataEntry } from '../../../shared/api';
import type { CallBatch } from './call-batch';
import type { CallBudgetShare } from './call-budget';
import type { ChannelUsage, OwnChannels } from './channel-source';
import type { TokenBucketShare } from './token-bucket';

/**
 * What the burst's worker threads (burst-worker.ts) and the thread that runs the burst
 * (worker-runner.ts) tell each other, burst after burst. Everything is structured-cloneable: a worker rebuilds the
 * call (metadata, credentials, the output type) from data.
 */

/** A report every PROGRESS_INTERVAL_MS while calls complete; a worker reads its channels' usage as often. */
export const PROGRESS_INTERVAL_MS = 100;

/** What a worker is given for one burst: its share of it and everything to make the calls. */
export interface BurstWorkerSetup {
  /** With loadBalancingPolicy set: each of the worker's channels is built from it. */
  connection: ConnectionOptions;
  /** This worker's channels (its share of the K), or one per call. */
  channels: OwnChannels;
  slots: number;
  call: {
    path: string;
    payload: Uint8Array;
    metadata: MetadataEntry[];
    deadlineMs?: number;
    backendKey?: string;
  };
  /** The method's output type, to tell responses that are not one (UNDECODABLE_RESPONSE). */
  output: OutputType;
  budget: CallBudgetShare;
  bucket?: TokenBucketShare;
  connectBudgetMs: number;
}

/** A message type as data: its name, and a FileDescriptorSet of its file and every file that file imports. */
export interface OutputType {
  typeName: string;
  files: Uint8Array;
}

export type ToWorker =
  /** Open the channels of a new burst. */
  | { type: 'setup'; setup: BurstWorkerSetup }
  /** Connect the channels (the clock has not started). */
  | { type: 'warm-up' }
  /** Start the calls; none starts at or after `endAt` (sharedClockMs). */
  | { type: 'go'; endAt: number }
  /** Start no more calls and cancel the ones in flight. */
  | { type: 'stop' };

export type FromWorker =
  /** The code is loaded and the channels exist. */
  | { type: 'opened' }
  | { type: 'setup-failed'; message: string }
  | { type: 'warm' }
  /** Calls that finished; `usage` of the worker's channels when it was read again (at most every PROGRESS_INTERVAL_MS). */
  | { type: 'calls'; batch: CallBatch; usage?: ChannelUsage }
  /** grpc-js could not start a call: the burst must stop. */
  | { type: 'start-failed'; message: string }
  /** Every slot retired; the last calls, the final usage. The worker closed its channels. */
  | { type: 'done'; batch: CallBatch; usage: ChannelUsage };

export function outputTypeOf(message: DescMessage): OutputType {
  const files: DescFile[] = [];
  const seen = new Set<DescFile>();
  const visit = (file: DescFile): void => {
    if (seen.has(file)) return;
    seen.add(file);
    file.dependencies.forEach(visit);
    files.push(file);
  };
  visit(message.file);
  const set = create(FileDescriptorSetSchema, { file: files.map((file) => file.proto) });
  return { typeName: message.typeName, files: toBinary(FileDescriptorSetSchema, set) };
}

export function outputTypeFrom(output: OutputType): DescMessage {
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, output.files));
  const message = registry.getMessage(output.typeName);
  if (message === undefined) throw new Error(`${output.typeName} is not in the output type's files`);
  return message;
}
