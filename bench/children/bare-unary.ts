/**
 * The baseline process of bench/bytes-json.ts and bench/cli-start.ts: one unary call on a bare
 * grpc-js client, the response's bytes received and dropped (no decoding).
 *
 *   node .tmp/bench/children/bare-unary.mjs TARGET METHOD REQUEST_HEX
 */
import * as grpc from '@grpc/grpc-js';

const [target = '', method = '', requestHex = ''] = process.argv.slice(2);
const client = new grpc.Client(target, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': -1 });
const identity = (bytes: Buffer): Buffer => bytes;
client.makeUnaryRequest(`/${method}`, identity, identity, Buffer.from(requestHex, 'hex'), (error) => {
  client.close();
  if (error) {
    console.error(error.message);
    process.exitCode = 1;
  }
});
