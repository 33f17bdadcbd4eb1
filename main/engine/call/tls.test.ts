import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeRequestSchema, type CallStatus, type ConnectionOptions, type TlsOptions } from '../../../shared/api';
import { ChannelPool } from '../channel/pool';
import { certPaths } from '../testing/certs';
import { echoCallSchema } from '../testing/echo-descriptors';
import { startTestServer, type TestServer } from '../testing/test-server';
import { startCall } from './start-call';
import { nameSettings } from '../../../shared/settings';

describe('calls over TLS', () => {
  const pool = new ChannelPool({ idleCloseMs: 10 });
  let tlsServer: TestServer;
  let mutualServer: TestServer;
  let plainServer: TestServer;
  beforeAll(async () => {
    [tlsServer, mutualServer, plainServer] = await Promise.all([
      startTestServer({ tls: 'server' }),
      startTestServer({ tls: 'mutual' }),
      startTestServer(),
    ]);
  });
  afterAll(async () => {
    pool.closeAll();
    await Promise.all([tlsServer.close(), mutualServer.close(), plainServer.close()]);
  });

  const trusted: TlsOptions = { mode: 'tls', caFile: certPaths.ca };
  const echoStatus = async (connection: ConnectionOptions): Promise<CallStatus> => {
    const handle = await startCall({
      pool,
      schema: echoCallSchema(),
      request: invokeRequestSchema.parse({
        callId: 'tls',
        schemaId: 'echo',
        method: 'workbench.testing.v1.EchoService/Echo',
        connection,
        messages: ['{"text":"hi"}'],
        deadlineMs: 10_000,
      }),
      onEvent: () => undefined,
    });
    return (await handle.done).status;
  };

  it('trusts the server with the CA given as a file', async () => {
    expect(await echoStatus({ target: tlsServer.target, tls: trusted })).toMatchObject({ code: 0 });
  });

  it('fails with the system roots or another CA, hinting -cacert', async () => {
    for (const tls of [{ mode: 'tls' }, { mode: 'tls', caFile: certPaths.otherCa }] as const) {
      const status = await echoStatus({ target: tlsServer.target, tls });
      expect(status).toMatchObject({ code: 14, error: { kind: 'tls', subject: tlsServer.target } });
      expect(status.error!.message).toMatch(/unknown CA/);
      expect(nameSettings(status.error!.hint!, 'cli')).toMatch(/-cacert/);
    }
  });

  it('skips verification when asked', async () => {
    expect(
      await echoStatus({ target: tlsServer.target, tls: { mode: 'tls', insecureSkipVerify: true } }),
    ).toMatchObject({ code: 0 });
  });

  it('names the certificate names on a mismatch and accepts a matching server name', async () => {
    const status = await echoStatus({ target: tlsServer.target, tls: { ...trusted, serverName: 'wrong.example' } });
    expect(status.error).toMatchObject({ kind: 'tls' });
    expect(status.error!.message).toMatch(/the certificate is for localhost, 127\.0\.0\.1.*not wrong\.example/);
    expect(nameSettings(status.error!.hint!, 'cli')).toMatch(/-servername/);
    expect(await echoStatus({ target: tlsServer.target, tls: { ...trusted, serverName: 'localhost' } })).toMatchObject({
      code: 0,
    });
  });

  it('does mutual TLS with a client certificate, and says when one is required', async () => {
    expect(
      await echoStatus({
        target: mutualServer.target,
        tls: { ...trusted, certFile: certPaths.clientCert, keyFile: certPaths.clientKey },
      }),
    ).toMatchObject({ code: 0 });
    const status = await echoStatus({ target: mutualServer.target, tls: trusted });
    expect(status.error).toMatchObject({ kind: 'tls' });
    expect(status.error!.message).toMatch(/requires a client certificate/);
    expect(nameSettings(status.error!.hint!, 'cli')).toMatch(/-cert and -key/);
  });

  it('tells a TLS client that the server is plaintext', async () => {
    const status = await echoStatus({ target: plainServer.target, tls: trusted });
    expect(status.error).toMatchObject({ kind: 'tls' });
    expect(nameSettings(status.error!.hint!, 'cli')).toMatch(/-plaintext/);
  });

  it('hints at TLS when a plaintext client meets a TLS server', async () => {
    const status = await echoStatus({ target: tlsServer.target, tls: { mode: 'plaintext' } });
    expect(status).toMatchObject({ code: 14, error: { kind: 'connection', subject: tlsServer.target } });
    expect(nameSettings(status.error!.hint!, 'cli')).toMatch(/TLS/);
  });

  it('rejects an unreadable certificate file before calling', async () => {
    await expect(
      echoStatus({
        target: tlsServer.target,
        tls: { ...trusted, certFile: '/nope/client.crt', keyFile: certPaths.clientKey },
      }),
    ).rejects.toMatchObject({
      kind: 'io',
      subject: '/nope/client.crt',
    });
  });
});
