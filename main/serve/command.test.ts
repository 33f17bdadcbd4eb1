import { describe, expect, it } from 'vitest';
import type { HostInfo } from '../../shared/api';
import { runServeCommand } from './command';
import { rawGet } from './testing/http-client';
import { openTestSocket } from './testing/ws-client';

function capture() {
  const lines = { out: '', err: '' };
  return {
    lines,
    output: { out: (text: string) => void (lines.out += text), err: (text: string) => void (lines.err += text) },
  };
}

describe('runServeCommand', () => {
  it('rejects bad flags with a hint and exit status 1', async () => {
    const { lines, output } = capture();
    expect(await runServeCommand(['--port', 'eighty'], { output })).toBe(1);
    expect(lines.err).toContain('--port eighty');
    expect(await runServeCommand(['--bogus'], { output })).toBe(1);
    expect(lines.err).toContain('Usage: grpc-workbench serve');
  });

  it('refuses a non-loopback host unless --allow-remote', async () => {
    const { lines, output } = capture();
    expect(await runServeCommand(['--host', '0.0.0.0'], { output })).toBe(1);
    expect(lines.err).toMatch(/Refusing to listen on 0\.0\.0\.0/);
    expect(lines.err).toContain('--allow-remote');
  });

  it('serves with the demo lab preselected until stopped, printing one line with the URL', async () => {
    const { lines, output } = capture();
    const stop = new AbortController();
    const running = runServeCommand(['--lab'], { output, signal: stop.signal });
    await expect.poll(() => lines.out + lines.err, { timeout: 30_000 }).not.toBe('');
    expect(lines.err).toBe('');
    expect(lines.out.trim().split('\n')).toHaveLength(1);
    const url = new URL(/http:\/\/\S+/.exec(lines.out)?.[0] ?? '');
    const token = url.searchParams.get('token') ?? '';
    const port = Number(url.port);
    expect((await rawGet(port, '/')).status).toBe(401);

    const client = await openTestSocket(`ws://127.0.0.1:${port}/ws`, { headers: { authorization: `Bearer ${token}` } });
    const info = await client.call('hostInfo');
    const labTarget = 'result' in info ? (info.result as HostInfo).lab?.proxyTarget : undefined;
    const connection = { target: labTarget, tls: { mode: 'plaintext' } };

    // The real engine behind the socket: reflection, then a fast server stream whose events all arrive.
    const schema = await client.call('loadSchema', { sources: [{ kind: 'reflection', connection }] });
    const schemaId = 'result' in schema ? (schema.result as { schemaId: string }).schemaId : '';
    const count = 20_000;
    const started = await client.call('startCall', {
      callId: 'lab-stream',
      schemaId,
      method: 'user.v1.UserService/ListUsers',
      connection,
      messages: [JSON.stringify({ count, readMask: 'id' })],
    });
    expect(started).toMatchObject({ result: { callId: expect.any(String) } });
    await expect.poll(() => client.events.some((e) => e.type === 'call-end'), { timeout: 60_000 }).toBe(true);
    const received = client.events.flatMap((e) => (e.type === 'call-messages' ? e.messages : []));
    expect(received).toHaveLength(count);
    expect(received.at(-1)?.index).toBe(count - 1);
    expect(client.events.find((e) => e.type === 'call-end')).toMatchObject({ status: { code: 0 }, received: count });
    client.socket.close();
    expect(info).toMatchObject({
      result: {
        host: 'browser',
        lab: { backends: expect.arrayContaining([expect.objectContaining({ name: 'backend-1' })]) },
      },
    });
    const hostInfo = 'result' in info ? (info.result as HostInfo) : undefined;
    expect(lines.out).toContain(`demo lab: ${hostInfo?.lab?.proxyTarget}`);

    stop.abort();
    expect(await running).toBe(0);
    await expect(rawGet(port, '/')).rejects.toThrow(/ECONNREFUSED/);
  });
});
