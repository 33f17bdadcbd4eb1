/**
 * The headless baseline of the stream benchmarks (stream, ui-stream): a realistic grpc-js client
 * reading user.v1.UserService/ListUsers — each message decoded with protobuf-es and counted — plus
 * the process heap tracker both sides use. A lost message fails the run.
 */
import * as grpc from '@grpc/grpc-js';
import { fromBinary, fromJsonString, toBinary } from '@bufbuild/protobuf';
import { ListUsersRequestSchema, UserSchema } from '../../proto-samples/gen/user/v1/user_pb';

export const LIST_USERS = 'user.v1.UserService/ListUsers';
/** heapUsed is read every this many messages: often enough to catch growth, cheap next to decoding. */
export const HEAP_SAMPLE_EVERY = 4_096;

export interface StreamRun {
  ms: number;
  messagesPerSecond: number;
  heapPeakBytes: number;
}

/** Tracks the highest process heapUsed seen while a stream runs. */
export class HeapPeak {
  private peak = process.memoryUsage().heapUsed;

  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().heapUsed);
  }

  get bytes(): number {
    return this.peak;
  }
}

/** ListUsers for `count` tiny messages (read mask ["id"]), as proto3 JSON. */
export function listUsersRequestJson(count: number): string {
  return JSON.stringify({ count, readMask: 'id' });
}

export function bareStream(client: grpc.Client, count: number): Promise<StreamRun> {
  const request = Buffer.from(
    toBinary(ListUsersRequestSchema, fromJsonString(ListUsersRequestSchema, listUsersRequestJson(count))),
  );
  const heap = new HeapPeak();
  let received = 0;
  const begin = performance.now();
  return new Promise((resolve, reject) => {
    const call = client.makeServerStreamRequest(
      `/${LIST_USERS}`,
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => fromBinary(UserSchema, bytes),
      request,
      new grpc.Metadata(),
      {},
    );
    call.on('data', () => {
      received++;
      if (received % HEAP_SAMPLE_EVERY === 0) heap.sample();
    });
    call.on('error', reject);
    call.on('status', (status: grpc.StatusObject) => {
      if (status.code !== grpc.status.OK) return; // 'error' rejects
      const ms = performance.now() - begin;
      heap.sample();
      if (received !== count) reject(new Error(`the bare grpc-js client received ${received} of ${count} messages`));
      else resolve({ ms, messagesPerSecond: count / (ms / 1000), heapPeakBytes: heap.bytes });
    });
  });
}
