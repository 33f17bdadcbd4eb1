/**
 * One process of the multi-process baseline of bench/burst.ts (a stand-in for a grpc-go load
 * client, which is not available here): one channel and a bare unary loop (support/bare-burst-loop.ts).
 * Connects and warms up, prints "ready"; on each "go MS" line on stdin runs for MS milliseconds and
 * prints "CALLS ELAPSED_MS"; exits when stdin closes.
 *
 *   node .tmp/bench/children/bare-burst-client.mjs TARGET METHOD REQUEST_HEX CONCURRENCY
 */
import * as grpc from '@grpc/grpc-js';
import { createInterface } from 'node:readline';
import { bareBurstLoop } from '../support/bare-burst-loop';

const [target = '', method = '', requestHex = '', concurrencyText = '1'] = process.argv.slice(2);
const payload = Buffer.from(requestHex, 'hex');
const concurrency = Number(concurrencyText);
const client = new grpc.Client(target, grpc.credentials.createInsecure());
await bareBurstLoop(client, method, payload, { calls: 500 }, concurrency);
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) {
  const [command, ms] = line.split(' ');
  if (command !== 'go') continue;
  const { calls, ms: elapsed } = await bareBurstLoop(client, method, payload, { durationMs: Number(ms) }, concurrency);
  console.log(`${calls} ${elapsed}`);
}
client.close();
