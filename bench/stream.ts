/**
 * Stream budget (docs/architecture.md, "Performance budgets"): a server stream of 1,000,000 small messages is ingested by the
 * engine at ≥ 0.5 × the rate of a headless grpc-js client. Both read user.v1.UserService/ListUsers
 * (read mask ["id"]: tiny messages) from one lab backend in this process, alternating, best of
 * ROUNDS each. Reports both rates, the ratio and each side's peak heapUsed (the engine hands
 * messages on in batches and must not keep them); a lost message fails the run.
 *
 *   npm run bench            (scripts/bench.mjs bundles and runs every bench/*.ts)
 *   BENCH_STREAM_MESSAGES=100000 npm run bench     (a shorter stream)
 */
import * as grpc from '@grpc/grpc-js';
import { invokeRequestSchema, type InvokeRequestParsed } from '../shared/api';
import { startCall, type CallEnd } from '../main/engine/call/start-call';
import { ChannelPool } from '../main/engine/channel/pool';
import { labSchema } from '../test/support/lab-schema';
import { startBackend } from '../proto-samples/lab/index';
import { report, rounds, smoke } from './support/harness';
import {
  bareStream,
  HEAP_SAMPLE_EVERY,
  HeapPeak,
  LIST_USERS as METHOD,
  listUsersRequestJson,
  type StreamRun,
} from './support/bare-stream';

const MESSAGES = smoke ? 1_000 : Number(process.env.BENCH_STREAM_MESSAGES ?? 1_000_000);
const WARMUP_MESSAGES = Math.min(MESSAGES, 50_000);
const ROUNDS = rounds(2);
const BUDGET = 0.5;

/** Ours: the engine's call, consuming the batched call-messages events (proto3 JSON) until call-end. */
async function engineStream(
  pool: ChannelPool,
  request: InvokeRequestParsed,
  count: number,
  round: number,
): Promise<StreamRun> {
  const heap = new HeapPeak();
  let received = 0;
  const begin = performance.now();
  const handle = await startCall({
    pool,
    schema: labSchema(),
    request: { ...request, callId: `bench-stream-${round}` },
    onEvent: (event) => {
      if (event.type !== 'call-messages') return;
      const before = received;
      received += event.messages.length;
      if (Math.floor(received / HEAP_SAMPLE_EVERY) !== Math.floor(before / HEAP_SAMPLE_EVERY)) heap.sample();
    },
  });
  const end: CallEnd = await handle.done;
  const ms = performance.now() - begin;
  heap.sample();
  if (end.status.code !== grpc.status.OK)
    throw new Error(`the engine's stream failed: ${end.status.name} ${end.status.message}`);
  if (received !== count || end.received !== count) {
    throw new Error(
      `the engine lost messages: ${received} in call-messages events, ${end.received} counted by call-end, of ${count}`,
    );
  }
  return { ms, messagesPerSecond: count / (ms / 1000), heapPeakBytes: heap.bytes };
}

function engineRequest(target: string, count: number): InvokeRequestParsed {
  return invokeRequestSchema.parse({
    callId: 'bench-stream',
    schemaId: 'bench',
    method: METHOD,
    connection: { target, tls: { mode: 'plaintext' } },
    messages: [listUsersRequestJson(count)],
  });
}

function keepBest(best: StreamRun, run: StreamRun): void {
  best.ms = best.ms === 0 ? run.ms : Math.min(best.ms, run.ms);
  best.messagesPerSecond = Math.max(best.messagesPerSecond, run.messagesPerSecond);
  best.heapPeakBytes = Math.max(best.heapPeakBytes, run.heapPeakBytes);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function main(): Promise<void> {
  const backend = await startBackend({ name: 'bench', port: 0 });
  const client = new grpc.Client(backend.address, grpc.credentials.createInsecure());
  const pool = new ChannelPool();
  const request = engineRequest(backend.address, MESSAGES);
  try {
    // Warm both paths up (connections, JIT) before measuring.
    await bareStream(client, WARMUP_MESSAGES);
    await engineStream(pool, engineRequest(backend.address, WARMUP_MESSAGES), WARMUP_MESSAGES, 0);
    // Best rate of the rounds; highest heap peak of the rounds.
    const bare: StreamRun = { ms: 0, messagesPerSecond: 0, heapPeakBytes: 0 };
    const engine: StreamRun = { ms: 0, messagesPerSecond: 0, heapPeakBytes: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      keepBest(bare, await bareStream(client, MESSAGES));
      keepBest(engine, await engineStream(pool, request, MESSAGES, round));
    }
    report({
      name: 'stream',
      value: engine.messagesPerSecond,
      baseline: bare.messagesPerSecond,
      unit: 'msgs/s',
      goal: { min: BUDGET },
      label: `${MESSAGES} messages (${METHOD}, read mask id), best of ${ROUNDS}; heap peak ${megabytes(engine.heapPeakBytes)} vs ${megabytes(bare.heapPeakBytes)}`,
    });
  } finally {
    client.close();
    pool.closeAll();
    await backend.close();
  }
}

await main().catch((error: unknown) => {
  console.error(`FAIL: ${(error as Error).message}`);
  process.exitCode = 1;
});
