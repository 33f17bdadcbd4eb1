/**
 * Browser mode is a local server that makes network calls on the user's behalf, so other pages and
 * other hosts must get nothing from it (docs/architecture.md, "Security"). These tests attack it the way a hostile
 * page, a DNS-rebinding site or a local process would.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { rawGet } from '../main/serve/testing/http-client';
import { refusedUpgradeStatus } from '../main/serve/testing/ws-client';
import { startStateElementId } from '../shared/api/start-state';
import { expect, test } from './fixtures';
import { connect as connectToLab } from './workbench-page';

const portOf = (baseUrl: string) => Number(new URL(baseUrl).port);

/** A refusal is a short plain-text explanation, never the app or its data. */
function expectNoData(body: string) {
  expect(body).not.toContain('<');
  expect(body.length).toBeLessThan(200);
}

test('a request without the token gets 401 and no data', async ({ workbench }) => {
  for (const path of ['/', '/index.html', '/ws']) {
    const response = await rawGet(portOf(workbench.baseUrl), path);
    expect(response.status, path).toBe(401);
    expectNoData(response.body);
  }
  expect((await rawGet(portOf(workbench.baseUrl), '/?token=guess')).status).toBe(401);
});

test('a wrong Host (DNS rebinding) or a foreign Origin gets 403 even with the token', async ({ workbench }) => {
  const port = portOf(workbench.baseUrl);
  const auth = { authorization: `Bearer ${workbench.token}` };
  expect((await rawGet(port, '/', auth)).status).toBe(200);
  const rebound = await rawGet(port, '/', { ...auth, host: `rebind.attacker.example:${port}` });
  expect(rebound.status).toBe(403);
  expectNoData(rebound.body);
  const foreign = await rawGet(port, '/', { ...auth, origin: 'https://attacker.example' });
  expect(foreign.status).toBe(403);
  expectNoData(foreign.body);
});

test('the token in the URL is used once, then an HttpOnly cookie authenticates', async ({
  page,
  workbench,
  browser,
}) => {
  // The fixture opened workbench.url: the server swapped the token for a cookie and redirected.
  expect(page.url()).toBe(`${workbench.baseUrl}/`);
  const cookies = await page.context().cookies(workbench.baseUrl);
  expect(cookies).toEqual([expect.objectContaining({ value: workbench.token, httpOnly: true, sameSite: 'Strict' })]);
  expect(await page.evaluate(() => document.cookie)).toBe('');

  const again = await page.goto(workbench.baseUrl);
  expect(again?.status()).toBe(200);

  const stranger = await browser.newContext();
  try {
    const response = await (await stranger.newPage()).goto(workbench.baseUrl);
    expect(response?.status()).toBe(401);
  } finally {
    await stranger.close();
  }
});

test('the page carries a strict CSP and the UI talks to the host over the WebSocket', async ({ page, workbench }) => {
  // Listen for frames from the moment the socket exists: an answer can arrive before a
  // waitForEvent registered after the socket event would see it.
  const socketUrl = new Promise<string>((resolve) => page.once('websocket', (socket) => resolve(socket.url())));
  const schemaAnswer = new Promise<string>((resolve) =>
    page.on('websocket', (socket) =>
      socket.on('framereceived', (frame) => {
        const text = String(frame.payload);
        if (text.includes('user.v1.UserService')) resolve(text);
      }),
    ),
  );
  const response = await page.goto(workbench.baseUrl);
  const headers = response?.headers() ?? {};
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['cache-control']).toBe('no-store');
  // The host info comes with the page (its start state, a JSON element no script runs)…
  const startState = await page.locator(`script#${startStateElementId}`).textContent();
  expect(JSON.parse(startState ?? '{}')).toMatchObject({ hostInfo: { host: 'browser' } });
  // …and everything the UI asks goes over the page's WebSocket: Connect's reflection load, here.
  expect(await socketUrl).toBe(`${workbench.baseUrl.replace('http', 'ws')}/ws`);
  await connectToLab(page);
  expect(await schemaAnswer).toContain('user.v1.UserService');
});

test('a page from another origin cannot open the WebSocket, even with the cookie in the browser', async ({
  page,
  workbench,
}) => {
  // Another port on 127.0.0.1 is another origin but the SAME site: the SameSite=Strict cookie IS
  // sent along, so only the Origin check stands between this page and the engine.
  const attacker = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end('<!doctype html><title>attacker</title>');
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  try {
    const attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    await page.goto(attackerUrl);
    const outcome = await page.evaluate(
      async (target) => {
        const opened = await new Promise<string>((resolve) => {
          const socket = new WebSocket(target);
          socket.onopen = () => resolve('opened');
          socket.onerror = () => resolve('refused');
        });
        const read = await fetch(target.replace('ws', 'http').replace('/ws', '/'), { credentials: 'include' })
          .then((r) => `status ${r.status}`)
          .catch(() => 'blocked');
        return { opened, read };
      },
      `${workbench.baseUrl.replace('http', 'ws')}/ws`,
    );
    expect(outcome.opened).toBe('refused');
    expect(outcome.read).not.toBe('status 200');
  } finally {
    attacker.close();
  }
});

test('a WebSocket without the token, or from another origin, is refused', async ({ workbench }) => {
  const wsUrl = `${workbench.baseUrl.replace('http', 'ws')}/ws`;
  expect(await refusedUpgradeStatus(wsUrl, {})).toBe(401);
  expect(
    await refusedUpgradeStatus(wsUrl, {
      headers: { authorization: `Bearer ${workbench.token}` },
      origin: 'http://attacker.example',
    }),
  ).toBe(403);
});

test('nothing listens beyond 127.0.0.1', async ({ workbench }) => {
  const url = new URL(workbench.baseUrl);
  expect(url.hostname).toBe('127.0.0.1');
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.2', port: Number(url.port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  expect(reachable).toBe(false);
});
