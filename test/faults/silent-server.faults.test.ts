import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certPaths } from '../../main/engine/testing/certs';
import { runCliProcess } from '../support/cli-process';
import { startSilentListener, type SilentListener } from '../support/silent-listener';

/**
 * A server that accepts TCP and never answers (with TLS: the handshake never completes). The CLI
 * reports it within its connect timeout and the PROCESS ends, whatever sockets grpc-js leaves open.
 */
describe('silent server faults (CLI process)', () => {
  let silent: SilentListener;
  beforeAll(async () => {
    silent = await startSilentListener();
  });
  afterAll(() => silent.close());

  // health exits like grpc_health_probe: 2 for a connection failure; the other commands exit 1.
  const rows: { fault: string; argv: () => string[]; code: number }[] = [
    { fault: 'TLS list', argv: () => ['-cacert', certPaths.ca, silent.target, 'list'], code: 1 },
    { fault: 'TLS health', argv: () => ['health', '-cacert', certPaths.ca, silent.target], code: 2 },
    { fault: 'plaintext list', argv: () => ['-plaintext', silent.target, 'list'], code: 1 },
  ];

  it.each(rows)('$fault: reported on time, and the process exits $code', async ({ argv, code }) => {
    // vite-node's start-up dominates on a loaded machine; a hang would run into the kill limit.
    const run = await runCliProcess(['-connect-timeout', '0.5', ...argv()], 45_000);
    expect(run.stderr).toMatch(/Could not connect to 127\.0\.0\.1:\d+ within 500 ms/);
    expect(run.code).toBe(code);
  });
});
