/**
 * Burst budget (docs/architecture.md, "Performance budgets"): a burst must reach ≥ 0.9 × the calls/s of a bare grpc-js loop on the
 * same server and concurrency. Both run in this process against the same lab backend, alternating,
 * best of ROUNDS each; reports both rates and the ratio (support/harness.ts).
 *
 *   npm run bench            (scripts/bench.mjs bundles and runs every bench/*.ts)
 */
import * as grpc from '@grpc/grpc-js';
import { burstRequestSchema } from '../shared/api';
import { runBurst } from '../main/engine/burst';
import { encodeRequestMessage } from '../main/engine/rpc/request-encoding';
import { labSchema } from '../test/support/lab-schema';
import { startLab } from '../proto-samples/lab/index';
import { report, rounds, smoke } from './support/harness';

const CALLS = smoke ? 200 : Number(process.env.BENCH_BURST_CALLS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_BURST_CONCURRENCY ?? 32);
const ROUNDS = rounds(3);
const BUDGET = 0.9;
const METHOD = 'user.v1.UserService/GetUser';
const REQUEST_JSON = '{"id":"u1"}';

/** The baseline: grpc-js's own Client, identity serializers, pre-encoded bytes, C loops sharing N calls. */
async function bareLoop(client: grpc.Client, payload: Buffer, calls: number, concurrency: number): Promise<number> {
  const identity = (bytes: Buffer) => bytes;
  let started = 0;
  const loop = () =>
    new Promise<void>((resolve, reject) => {
      const next = () => {
        if (started >= calls) return resolve();
        started++;
        client.makeUnaryRequest(`/${METHOD}`, identity, identity, payload, new grpc.Metadata(), {}, (error) =>
          error ? reject(error) : next(),
        );
      };
      next();
    });
  const begin = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return (calls * 1000) / (performance.now() - begin);
}

async function main(): Promise<void> {
  const lab = await startLab({ backends: 1, proxy: false });
  const target = lab.backends[0]!.address;
  const schema = labSchema();
  const payload = encodeRequestMessage(schema.findMethod(METHOD).input, REQUEST_JSON, { registry: schema.registry });
  const client = new grpc.Client(target, grpc.credentials.createInsecure());
  const request = burstRequestSchema.parse({
    burstId: 'burst',
    schemaId: 'bench',
    method: METHOD,
    connection: { target, tls: { mode: 'plaintext' } },
    requestJson: REQUEST_JSON,
    total: CALLS,
    concurrency: CONCURRENCY,
  });
  try {
    // Warm both paths up (connections, JIT) before measuring.
    const warmup = Math.min(CALLS, 2_000);
    await bareLoop(client, payload, warmup, CONCURRENCY);
    await runBurst({ request: { ...request, total: warmup }, schema });
    let bare = 0;
    let burst = 0;
    for (let round = 0; round < ROUNDS; round++) {
      bare = Math.max(bare, await bareLoop(client, payload, CALLS, CONCURRENCY));
      const report = await runBurst({ request, schema });
      if (report.ok !== CALLS)
        throw new Error(`the burst lost calls: ${report.ok} of ${CALLS} ok (${JSON.stringify(report.errors)})`);
      burst = Math.max(burst, report.qps);
    }
    report({
      name: 'burst',
      value: burst,
      baseline: bare,
      unit: 'calls/s',
      goal: { min: BUDGET },
      label: `${CALLS} unary calls, concurrency ${CONCURRENCY}, best of ${ROUNDS}, vs a bare grpc-js loop in one process`,
    });
  } finally {
    client.close();
    await lab.close();
  }
}

await main();
