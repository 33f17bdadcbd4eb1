/**
 * Burst budget (docs/architecture.md, "Performance budgets"): a burst must reach ≥ 0.9 × the calls/s of a bare grpc-js loop on the
 * same server and concurrency. Both run in this process against the same lab backend, alternating,
 * best of ROUNDS each; prints both rates and the ratio, and exits 1 below the budget.
 *
 *   npm run bench            (scripts/bench.mjs bundles and runs every bench/*.ts)
 */
import * as grpc from '@grpc/grpc-js';
import { burstRequestSchema } from '../shared/api';
import { runBurst } from '../main/engine/burst';
import { encodeRequestMessage } from '../main/engine/rpc/request-encoding';
import { labSchema } from '../main/engine/burst/testing/lab-schema';
import { startLab } from '../proto-samples/lab/index';

const CALLS = Number(process.env.BENCH_BURST_CALLS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_BURST_CONCURRENCY ?? 32);
const ROUNDS = 3;
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
    await bareLoop(client, payload, 2_000, CONCURRENCY);
    await runBurst({ request: { ...request, total: 2_000 }, schema });
    let bare = 0;
    let burst = 0;
    for (let round = 0; round < ROUNDS; round++) {
      bare = Math.max(bare, await bareLoop(client, payload, CALLS, CONCURRENCY));
      const report = await runBurst({ request, schema });
      if (report.ok !== CALLS)
        throw new Error(`the burst lost calls: ${report.ok} of ${CALLS} ok (${JSON.stringify(report.errors)})`);
      burst = Math.max(burst, report.qps);
    }
    const ratio = burst / bare;
    console.log(`burst vs bare grpc-js loop: ${CALLS} unary calls, concurrency ${CONCURRENCY}, best of ${ROUNDS}`);
    console.log(`  bare grpc-js loop  ${bare.toFixed(0).padStart(8)} calls/s`);
    console.log(`  burst              ${burst.toFixed(0).padStart(8)} calls/s`);
    console.log(`  ratio              ${ratio.toFixed(3).padStart(8)}   (budget ≥ ${BUDGET})`);
    if (ratio < BUDGET) {
      console.error(`FAIL: the burst reaches ${ratio.toFixed(3)} × the bare loop, below the ${BUDGET} budget.`);
      process.exitCode = 1;
    }
  } finally {
    client.close();
    await lab.close();
  }
}

await main();
