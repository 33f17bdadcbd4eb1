/**
 * A 10 MB `bytes` response printed by the CLI with `--output json` (user.v1.UserService/GetUser with
 * avatar_size), against a bare grpc-js call receiving the same response: wall time and peak RSS of
 * each process. Needs `npm run build` (it runs dist/cli.js).
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { GetUserRequestSchema } from '../proto-samples/gen/user/v1/user_pb';
import { startBackend } from '../proto-samples/lab/index';
import { runNode } from './support/child';
import { alternate, report, rounds, smoke } from './support/harness';

const SIZE = smoke ? 64 * 1024 : 10 * 1024 * 1024;
const METHOD = 'user.v1.UserService/GetUser';

async function main(): Promise<void> {
  const backend = await startBackend({ name: 'bench', port: 0 });
  const requestHex = Buffer.from(
    toBinary(GetUserRequestSchema, create(GetUserRequestSchema, { id: 'u3', avatarSize: SIZE })),
  ).toString('hex');
  const cli = [
    'dist/cli.js',
    '-plaintext',
    '-max-msg-sz',
    String(64 * 1024 * 1024),
    '-d',
    JSON.stringify({ id: 'u3', avatarSize: SIZE }),
    '-output',
    'json',
    backend.address,
    METHOD,
  ];
  const bare = ['.tmp/bench/children/bare-unary.mjs', backend.address, METHOD, requestHex];
  try {
    const { ours, baseline } = await alternate(
      rounds(5),
      () => runNode(cli),
      () => runNode(bare),
    );
    const what = `${(SIZE / 1024 / 1024).toFixed(2)} MiB bytes field, CLI --output json vs bare grpc-js call`;
    report({
      name: 'bytes-json-time',
      value: ours.ms,
      baseline: baseline.ms,
      unit: 'ms',
      goal: { max: 2 },
      label: what,
    });
    report({
      name: 'bytes-json-peak',
      value: ours.peakMb,
      baseline: baseline.peakMb,
      unit: 'MB',
      goal: { max: 2.5 },
      label: `peak RSS, ${what}`,
    });
  } finally {
    await backend.close();
  }
}

await main();
