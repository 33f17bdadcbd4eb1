import { mkdtempSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostInfo } from '../../shared/api';
import { runServeCommand } from './command';
import { DEFAULT_SERVE_PORT } from './serve-identity';
import { rawGet } from './testing/http-client';
import { openTestSocket } from './testing/ws-client';

function capture() {
  const lines = { out: '', err: '' };
  return {
    lines,
    output: { out: (text: string) => void (lines.out += text), err: (text: string) => void (lines.err += text) },
  };
}

// The persistent token is written to the data folder: a temporary one per test, never the user's.
let dataDir: string;
const savedDataDir = process.env.GRPC_WORKBENCH_DATA_DIR;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'serve-data-'));
  process.env.GRPC_WORKBENCH_DATA_DIR = dataDir;
});
afterEach(() => {
  if (savedDataDir === undefined) delete process.env.GRPC_WORKBENCH_DATA_DIR;
  else process.env.GRPC_WORKBENCH_DATA_DIR = savedDataDir;
});

/** Runs `serve ARGS` until its URL is printed; returns the URL and a stop function. */
async function serveUntilUrl(args: string[]) {
  const { lines, output } = capture();
  const stop = new AbortController();
  const running = runServeCommand(args, { output, signal: stop.signal });
  await expect.poll(() => /http:\/\/\S+/.test(lines.out), { timeout: 30_000 }).toBe(true);
  const url = new URL(/http:\/\/\S+/.exec(lines.out)?.[0] ?? '');
  return {
    url,
    lines,
    stop: async () => {
      stop.abort();
      expect(await running).toBe(0);
    },
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
    const running = runServeCommand(['--lab', '--port', '0'], { output, signal: stop.signal });
    await expect.poll(() => lines.out, { timeout: 30_000 }).not.toBe('');
    // Another lab of the test run may hold the README's ports: then, and only then, a note says so.
    expect(lines.err.replace(/^The demo lab's usual ports are taken .*\n/, '')).toBe('');
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

  it('keeps one token per user across restarts (mode 0600), so a bookmark keeps working', async () => {
    const first = await serveUntilUrl(['--port', '0']);
    await first.stop();
    const second = await serveUntilUrl(['--port', '0']);
    await second.stop();
    const token = first.url.searchParams.get('token');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.url.searchParams.get('token')).toBe(token);
    expect(statSync(join(dataDir, 'serve-token')).mode & 0o777).toBe(0o600);
  });

  it('makes a fresh token per start with --ephemeral-token', async () => {
    const first = await serveUntilUrl(['--port', '0', '--ephemeral-token']);
    await first.stop();
    const second = await serveUntilUrl(['--port', '0', '--ephemeral-token']);
    await second.stop();
    expect(second.url.searchParams.get('token')).not.toBe(first.url.searchParams.get('token'));
  });

  it('listens on its stable port, or says it is taken and picks another', async () => {
    // Hold the stable port ourselves when we can, so the fallback is what this test sees.
    const holder: Server = createServer();
    const held = await new Promise<boolean>((resolve) => {
      holder.once('error', () => resolve(false));
      holder.listen(DEFAULT_SERVE_PORT, '127.0.0.1', () => resolve(true));
    });
    try {
      const served = await serveUntilUrl([]);
      expect(Number(served.url.port)).not.toBe(DEFAULT_SERVE_PORT);
      expect(served.lines.err).toContain(`Port ${DEFAULT_SERVE_PORT} is taken`);
      await served.stop();
    } finally {
      if (held) holder.close();
    }
  });
});
