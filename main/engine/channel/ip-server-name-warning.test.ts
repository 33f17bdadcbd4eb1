import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeRequestSchema, type CallStatus, type ConnectionOptions } from '../../../shared/api';
import { startCall } from '../call/start-call';
import { certPaths } from '../testing/certs';
import { echoCallSchema } from '../testing/echo-descriptors';
import { startTestServer, type TestServer } from '../testing/test-server';
import { silenceIpServerNameWarning } from './ip-server-name-warning';
import { ChannelPool } from './pool';

describe('silenceIpServerNameWarning', () => {
  const pool = new ChannelPool({ idleCloseMs: 10 });
  const warnings: Error[] = [];
  const recordWarning = (warning: Error): void => {
    warnings.push(warning);
  };
  let server: TestServer;
  let restore: () => void;
  beforeAll(async () => {
    server = await startTestServer({ tls: 'server' });
    restore = silenceIpServerNameWarning();
    process.on('warning', recordWarning);
  });
  afterAll(async () => {
    process.off('warning', recordWarning);
    restore();
    pool.closeAll();
    await server.close();
  });

  const echoStatus = async (connection: ConnectionOptions): Promise<CallStatus> => {
    const request = invokeRequestSchema.parse({
      callId: 'ip-tls',
      schemaId: 'echo',
      method: 'workbench.testing.v1.EchoService/Echo',
      connection,
      messages: ['{}'],
      deadlineMs: 10_000,
    });
    const handle = await startCall({
      pool,
      schema: echoCallSchema(),
      request,
      onEvent: () => undefined,
    });
    return (await handle.done).status;
  };
  const codes = (): unknown[] => warnings.map((warning) => (warning as Error & { code?: unknown }).code);

  it('keeps DEP0123 quiet on TLS to an IP address, while the IP SANs are still verified', async () => {
    // The lab server certificate names 127.0.0.1–3: the bare address and an IP server name both verify…
    expect(server.target).toMatch(/^127\.0\.0\.1:/);
    expect(await echoStatus({ target: server.target, tls: { mode: 'tls', caFile: certPaths.ca } })).toMatchObject({
      code: 0,
    });
    expect(
      await echoStatus({ target: server.target, tls: { mode: 'tls', caFile: certPaths.ca, serverName: '127.0.0.2' } }),
    ).toMatchObject({ code: 0 });
    // …an address it does not name still fails verification.
    const mismatch = await echoStatus({
      target: server.target,
      tls: { mode: 'tls', caFile: certPaths.ca, serverName: '127.0.0.9' },
    });
    expect(mismatch.error).toMatchObject({ kind: 'tls' });
    expect(mismatch.error!.message).toMatch(/not 127\.0\.0\.9/);
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    expect(codes()).not.toContain('DEP0123');
  });

  it('lets every other warning through, whichever way it is emitted', async () => {
    process.emitWarning('positional', 'DeprecationWarning', 'DEP_TEST_A');
    process.emitWarning('options', { type: 'Warning', code: 'DEP_TEST_B' });
    process.emitWarning('an ip servername, as an options object', { type: 'DeprecationWarning', code: 'DEP0123' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(codes()).toEqual(expect.arrayContaining(['DEP_TEST_A', 'DEP_TEST_B']));
    expect(codes()).not.toContain('DEP0123');
  });
});
