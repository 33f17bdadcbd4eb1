import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostInfo } from '../../shared/api';
import { parseStartState, startStateElementId, WorkbenchError } from '../../shared/api';
import { startTestServer } from '../engine/testing/test-server';
import type { ServeHandle } from './server';
import { startServe } from './server';
import { createFakeHostServiceFactory } from '../host/testing/fake-service';
import { rawGet } from './testing/http-client';
import { openTestSocket, refusedUpgradeStatus } from './testing/ws-client';

const lab: HostInfo['lab'] = {
  target: 'ipv4:127.0.0.1:1,127.0.0.2:2',
  proxyTarget: '127.0.0.1:3',
  backends: [{ name: 'backend-1', address: '127.0.0.1:1' }],
};
const indexHtml = '<!doctype html><title>workbench</title>';

let root: string;
let server: ServeHandle;
let fake: ReturnType<typeof createFakeHostServiceFactory>;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'serve-test-'));
  mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(root, 'renderer', 'index.html'), indexHtml);
  writeFileSync(join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'do not serve');
  fake = createFakeHostServiceFactory();
  server = await startServe({ staticDir: join(root, 'renderer'), service: fake.factory, lab });
});

afterEach(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const ownHost = () => `127.0.0.1:${server.port}`;
/** The page's start state as the page reads it: the element's text up to the first `</script`. */
const startStateOf = (html: string) => {
  const open = `<script type="application/json" id="${startStateElementId}">`;
  const from = html.indexOf(open);
  if (from < 0) return undefined;
  return parseStartState(html.slice(from + open.length, html.indexOf('</script', from + open.length)));
};
const cookieFor = async (): Promise<string> => {
  const response = await rawGet(server.port, `/?token=${server.token}`);
  const setCookie = response.headers['set-cookie']?.[0] ?? '';
  return setCookie.split(';')[0] ?? '';
};

describe('startServe over HTTP', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers 401 with no data when the token is missing or wrong', async () => {
    const missing = await rawGet(server.port, '/');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatch(/^Unauthorized: open the full URL/);
    const wrong = await rawGet(server.port, '/?token=nope');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const wrongBearer = await rawGet(server.port, '/', { authorization: 'Bearer nope' });
    expect(wrongBearer.status).toBe(401);
  });

  it('turns the URL token into an HttpOnly SameSite=Strict cookie and strips it from the address', async () => {
    const first = await rawGet(server.port, `/?token=${server.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict; Path=\//);
    const page = await rawGet(server.port, '/', { cookie: await cookieFor() });
    expect(page.status).toBe(200);
    expect(page.body.startsWith(indexHtml)).toBe(true);
  });

  it('serves the page with the host info as its start state (a given service keeps no workspace)', async () => {
    for (const path of ['/', '/index.html']) {
      const page = await rawGet(server.port, path, { cookie: await cookieFor() });
      expect(startStateOf(page.body), path).toEqual({
        hostInfo: { version: expect.any(String), host: 'browser', lab },
      });
      expect(Number(page.headers['content-length'])).toBe(Buffer.byteLength(page.body));
    }
  });

  it('accepts the token as a Bearer header', async () => {
    const page = await rawGet(server.port, '/assets/app.js', { authorization: `Bearer ${server.token}` });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('sends a strict CSP and no-store on the page', async () => {
    const page = await rawGet(server.port, '/', { cookie: await cookieFor() });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain(`connect-src 'self' ws://${ownHost()}`);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers 403 to a foreign Host (DNS rebinding) even with the token', async () => {
    const response = await rawGet(server.port, '/', {
      cookie: await cookieFor(),
      host: `attacker.example:${server.port}`,
    });
    expect(response.status).toBe(403);
    expect(response.body).not.toContain(indexHtml);
    expect(String(response.headers['content-security-policy'])).not.toContain('attacker');
    const withToken = await rawGet(server.port, `/?token=${server.token}`, { host: `attacker.example:${server.port}` });
    expect(withToken.status).toBe(403);
  });

  it('answers 403 to a request from another origin even with the token', async () => {
    const response = await rawGet(server.port, '/', { cookie: await cookieFor(), origin: 'http://evil.example' });
    expect(response.status).toBe(403);
    expect(response.body).toMatch(/^Forbidden/);
    const sameOrigin = await rawGet(server.port, '/', { cookie: await cookieFor(), origin: `http://${ownHost()}` });
    expect(sameOrigin.status).toBe(200);
  });

  it('never serves files outside the renderer directory', async () => {
    const cookie = await cookieFor();
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%00',
      '/..%5csecret.txt',
      '/assets',
    ]) {
      const response = await rawGet(server.port, path, { cookie });
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('do not serve');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/',
          method: 'POST',
          headers: { authorization: `Bearer ${server.token}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(405);
  });

  it('listens on 127.0.0.1 only', async () => {
    const reached = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.2', port: server.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    expect(reached).toBe(false);
  });
});

describe('startServe refusals at start', () => {
  it('refuses a non-loopback host without allowRemote', async () => {
    await expect(startServe({ host: '0.0.0.0', service: fake.factory })).rejects.toThrow(WorkbenchError);
    await expect(startServe({ host: '0.0.0.0', service: fake.factory })).rejects.toThrow(/--allow-remote|loopback/);
  });

  it('names a port that is already taken', async () => {
    await expect(startServe({ port: server.port, service: fake.factory })).rejects.toThrow(
      `Cannot listen on 127.0.0.1:${server.port}: the port is already in use.`,
    );
  });

  it('says how to build when the UI is missing', async () => {
    const bare = await startServe({ staticDir: join(root, 'nothing-here'), service: fake.factory });
    try {
      const response = await rawGet(bare.port, '/', { authorization: `Bearer ${bare.token}` });
      expect(response.status).toBe(503);
      expect(response.body).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });
});

describe('startServe WebSocket', () => {
  const wsUrl = () => `ws://127.0.0.1:${server.port}/ws`;

  it('refuses an upgrade without the token', async () => {
    expect(await refusedUpgradeStatus(wsUrl(), {})).toBe(401);
    expect(await refusedUpgradeStatus(wsUrl(), { headers: { cookie: 'grpc-workbench-token-1=x' } })).toBe(401);
  });

  it('refuses an upgrade from another origin or for another Host', async () => {
    const cookie = await cookieFor();
    expect(await refusedUpgradeStatus(wsUrl(), { headers: { cookie }, origin: 'http://evil.example' })).toBe(403);
    expect(await refusedUpgradeStatus(wsUrl(), { headers: { cookie, host: `rebound.example:${server.port}` } })).toBe(
      403,
    );
    expect(fake.recorder.calls).toEqual([]);
  });

  it('refuses an upgrade on another path', async () => {
    expect(
      await refusedUpgradeStatus(`ws://127.0.0.1:${server.port}/other`, {
        headers: { authorization: `Bearer ${server.token}` },
      }),
    ).toBe(404);
  });

  it('runs operations with validated params and reports failures as data', async () => {
    const client = await openTestSocket(wsUrl(), {
      headers: { cookie: await cookieFor() },
      origin: `http://${ownHost()}`,
    });
    try {
      const info = await client.call('hostInfo');
      expect(info).toEqual({ id: 1, result: { version: expect.any(String), host: 'browser', lab } });

      const badParams = await client.call('startCall', {
        callId: 'call-1',
        schemaId: 's',
        method: 'm',
        connection: { target: '', tls: { mode: 'plaintext' } },
      });
      expect(badParams).toMatchObject({ error: { kind: 'bad_input', subject: 'connection.target' } });
      expect('error' in badParams && badParams.error.message).toContain('connection.target');

      expect(await client.call('rm -rf')).toMatchObject({ error: { kind: 'bad_input', subject: 'op' } });
      expect(
        await client.call('loadSchema', { sources: [{ kind: 'protoFiles', files: ['user.proto'] }] }),
      ).toMatchObject({
        error: { kind: 'schema', subject: 'user.proto', hint: 'Fix the file.' },
      });
      expect(await client.call('describeMethod', { schemaId: 's', method: 'm' })).toMatchObject({
        error: { kind: 'internal' },
      });

      // Defaults were applied by the host-side parse before the service saw the params.
      expect(fake.recorder.calls.map((c) => c.op)).toEqual(['hostInfo', 'loadSchema', 'describeMethod']);
      expect(fake.recorder.calls[1]?.params).toEqual({
        sources: [{ kind: 'protoFiles', files: ['user.proto'], importPaths: [] }],
      });
    } finally {
      client.socket.close();
    }
  });

  it('pushes the service events in order, coalesced into batches', async () => {
    const client = await openTestSocket(wsUrl(), { headers: { authorization: `Bearer ${server.token}` } });
    try {
      const started = await client.call('startCall', {
        callId: 'call-1',
        schemaId: 's',
        method: 'svc/M',
        connection: { target: 'x:1', tls: { mode: 'plaintext' } },
      });
      expect(started).toEqual({ id: 1, result: { callId: 'call-1' } });
      await client.waitForEvents(3);
      expect(client.events.map((e) => e.type)).toEqual(['call-started', 'call-messages', 'call-messages']);
      const indexes = client.events.flatMap((e) => (e.type === 'call-messages' ? e.messages.map((m) => m.index) : []));
      expect(indexes).toEqual([0, 1, 2, 3, 4, 5]);
      // Emitted in one turn, so they share a frame.
      expect(client.eventFrames).toBe(1);
    } finally {
      client.socket.close();
    }
  });

  it('gives each connection its own service and disposes it when the socket closes', async () => {
    const client = await openTestSocket(wsUrl(), { headers: { authorization: `Bearer ${server.token}` } });
    await client.call('hostInfo');
    const closed = new Promise((resolve) => client.socket.once('close', resolve));
    client.socket.close();
    await closed;
    await expect.poll(() => fake.recorder.disposed).toBe(1);
  });

  it('serves the recorded messages of a call as a download to its own page only', async () => {
    const client = await openTestSocket(wsUrl(), { headers: { authorization: `Bearer ${server.token}` } });
    try {
      await client.call('startCall', {
        callId: 'call-1',
        schemaId: 's',
        method: 'svc/M',
        connection: { target: 'x:1', tls: { mode: 'plaintext' } },
      });
      const path = '/export/call-1.ndjson';
      const anonymous = await rawGet(server.port, path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).not.toContain('"n"');
      expect(
        (await rawGet(server.port, path, { cookie: await cookieFor(), origin: 'http://evil.example' })).status,
      ).toBe(403);
      expect(fake.recorder.calls.map((c) => c.op)).toEqual(['startCall']);

      const download = await rawGet(server.port, path, { cookie: await cookieFor() });
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      expect(download.headers['content-disposition']).toBe('attachment; filename="svc_M.ndjson"');
      expect(
        download.body
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as unknown),
      ).toEqual([0, 1, 2, 3, 4, 5].map((n) => ({ n })));
      expect(fake.recorder.calls.at(-1)).toEqual({ op: 'exportMessages', params: { callId: 'call-1' } });

      expect((await rawGet(server.port, '/export/call-9.ndjson', { cookie: await cookieFor() })).status).toBe(404);
      expect((await rawGet(server.port, '/export/..%2fsecret.ndjson', { cookie: await cookieFor() })).status).toBe(404);
    } finally {
      client.socket.close();
    }
  });

  it('closes the socket on a frame that is not a request', async () => {
    const client = await openTestSocket(wsUrl(), { headers: { authorization: `Bearer ${server.token}` } });
    const code = new Promise<number>((resolve) => client.socket.once('close', (c: number) => resolve(c)));
    client.socket.send('not json');
    expect(await code).toBe(1007);
  });
});

describe('startServe page with the kept workspace', () => {
  it('puts the workspace, as loaded when the page is asked for, into the page (test/renderer/start-state.test.ts: a draft in it)', async () => {
    const real = await startServe({ staticDir: join(root, 'renderer'), dataDir: join(root, 'data') });
    try {
      const page = await rawGet(real.port, '/', { authorization: `Bearer ${real.token}` });
      // No workspace kept yet: the load's answer is empty, and the page does not ask again.
      expect(startStateOf(page.body)).toEqual({
        hostInfo: { version: expect.any(String), host: 'browser' },
        workspace: {},
      });
    } finally {
      await real.close();
    }
  });
});

describe('startServe export with the real engine', () => {
  it('downloads every message a real server stream sent, beyond any window', async () => {
    const grpcServer = await startTestServer();
    const real = await startServe({ staticDir: join(root, 'renderer'), dataDir: join(root, 'data') });
    const client = await openTestSocket(`ws://127.0.0.1:${real.port}/ws`, {
      headers: { authorization: `Bearer ${real.token}` },
    });
    try {
      const connection = { target: grpcServer.target, tls: { mode: 'plaintext' } };
      const loaded = await client.call('loadSchema', { sources: [{ kind: 'reflection', connection }] });
      const schemaId = 'result' in loaded ? (loaded.result as { schemaId: string }).schemaId : '';
      const started = await client.call('startCall', {
        callId: 'call-1',
        schemaId,
        method: 'workbench.testing.v1.EchoService/Expand',
        connection,
        messages: ['{"text":"m","count":3000}'],
      });
      const callId = 'result' in started ? (started.result as { callId: string }).callId : '';
      await expect
        .poll(() => client.events.some((event) => event.type === 'call-end' && event.callId === callId), {
          timeout: 8000,
        })
        .toBe(true);

      const download = await rawGet(real.port, `/export/${callId}.ndjson`, { authorization: `Bearer ${real.token}` });
      expect(download.status).toBe(200);
      expect(download.headers['content-disposition']).toBe(
        'attachment; filename="workbench.testing.v1.EchoService_Expand.ndjson"',
      );
      const lines = download.body.trimEnd().split('\n');
      expect(lines).toHaveLength(3000);
      expect(JSON.parse(lines[2999]!)).toMatchObject({ text: 'm#2999' });
    } finally {
      client.socket.close();
      await real.close();
      await grpcServer.close();
    }
  });
});
