/**
 * CLI start: `grpc-workbench -version` and one unary call (schema by reflection) against
 * `node -e "require('@grpc/grpc-js')"` — the least a Node gRPC tool can load. Each is a new process,
 * timed from spawn to exit. Needs `npm run build` (it runs dist/cli.js).
 */
import { startBackend } from '../proto-samples/lab/index';
import { runNode } from './support/child';
import { alternate, report, rounds } from './support/harness';

async function main(): Promise<void> {
  const backend = await startBackend({ name: 'bench', port: 0 });
  const requireGrpc = ['-e', "require('@grpc/grpc-js')"];
  const call = ['dist/cli.js', '-plaintext', '-d', '{"id":"u1"}', backend.address, 'user.v1.UserService/GetUser'];
  try {
    const version = await alternate(
      rounds(7),
      () => runNode(['dist/cli.js', '-version']),
      () => runNode(requireGrpc),
    );
    report({
      name: 'cli-start-version',
      value: version.ours.ms,
      baseline: version.baseline.ms,
      unit: 'ms',
      goal: { max: 1.5 },
      label: '`-version` vs node -e "require(\'@grpc/grpc-js\')"',
    });
    const unary = await alternate(
      rounds(7),
      () => runNode(call),
      () => runNode(requireGrpc),
    );
    report({
      name: 'cli-start-call',
      value: unary.ours.ms,
      baseline: unary.baseline.ms,
      unit: 'ms',
      goal: { max: 2 },
      label: 'one unary call with reflection vs node -e "require(\'@grpc/grpc-js\')"',
    });
  } finally {
    await backend.close();
  }
}

await main();
