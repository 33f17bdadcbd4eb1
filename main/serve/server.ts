/**
 * Browser mode: the built UI and the WorkbenchApi over a WebSocket, on loopback only, behind a
 * per-start token and Host/Origin checks (see security.ts). Every refusal carries no data.
 */
import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join, resolve as resolvePath } from 'node:path';
import { WebSocketServer } from 'ws';
import type { HostInfo } from '../../shared/api';
import { checkOperationParams, MAX_REQUEST_FRAME_BYTES, WorkbenchError } from '../../shared/api';
import { exportCallIdOf, findRecording, noRecordingText, sendExport } from './export-route';
import { messageValueFailure, messageValueRequestOf, sendMessageValue } from './message-value-route';
import type { HostedService, ServiceFactory } from '../host/service-factory';
import { createNodeCapabilities } from '../host/node-capabilities';
import { createSavedForwardStore } from '../host/saved-forwards';
import { loadEngineServiceFactory } from '../host/service-factory';
import type { LabScenarioHost } from '../host/lab-scenarios';
import { renderStartPage, type StartPageSource } from '../host/start-page';
import { createHostWorkspace } from '../host/workspace/index';
import { findPackageInfo } from './package-info';
import type { HostPolicy } from './security';
import {
  createToken,
  decideAccess,
  isAllowedHostHeader,
  isLoopbackHost,
  securityHeaders,
  tokenCookie,
  tokensEqual,
} from './security';
import { contentTypeOf, resolveStaticPath } from './static-files';
import { attachSession } from './ws-session';

export interface ServeOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. Anything but loopback is refused unless allowRemote. */
  host?: string;
  allowRemote?: boolean;
  /** Open the URL in the default browser; failing to do so is reported, never fatal. */
  open?: boolean;
  /**
   * Default: the real engine (main/engine/service) with the workspace kept in the data folder
   * (drafts, history of every call, recent collections). A given factory keeps no workspace.
   */
  service?: ServiceFactory;
  /** The data folder (secrets, workspace, history); default: defaultDataDir() (GRPC_WORKBENCH_DATA_DIR, …). */
  dataDir?: string;
  /** Default: dist/renderer of the installed package. */
  staticDir?: string;
  /** The demo lab, so the UI preselects it. */
  lab?: HostInfo['lab'];
  /** The lab's scenarios this host can start (with `lab`; listed in its host info). */
  labScenarios?: LabScenarioHost;
  /** The token to require (e.g. the user's persistent one); default: a fresh one per start. */
  token?: string;
}

export interface ServeHandle {
  /** The URL to open, carrying the token once. */
  url: string;
  /** `http://127.0.0.1:<port>` without the token. */
  baseUrl: string;
  port: number;
  token: string;
  /** Set when `open` was asked for and no browser could be started. */
  openError?: string;
  close(): Promise<void>;
}

/** Large enough for big request messages, small enough that a stray client cannot exhaust memory. */
const webSocketPath = '/ws';

export async function startServe(options: ServeOptions = {}): Promise<ServeHandle> {
  const requestedHost = options.host ?? '127.0.0.1';
  const allowRemote = options.allowRemote ?? false;
  if (!allowRemote && !isLoopbackHost(requestedHost)) {
    throw new WorkbenchError(
      'bad_input',
      `Refusing to listen on ${requestedHost}: browser mode makes network calls on your behalf and listens on loopback only.`,
      {
        hint: 'Use 127.0.0.1 (the default), or pass --allow-remote if you really want other machines to reach it (the token still applies).',
        subject: requestedHost,
      },
    );
  }
  // "localhost" may resolve to ::1 only; bind the IPv4 loopback the printed URL names.
  const bindHost = requestedHost === 'localhost' ? '127.0.0.1' : requestedHost;
  const packageInfo = findPackageInfo();
  const staticDir = options.staticDir ?? join(packageInfo.root, 'dist', 'renderer');
  const { createService, loadWorkspace } = options.service
    ? { createService: options.service, loadWorkspace: undefined }
    : await engineWithWorkspace(options.dataDir, options.labScenarios);
  const hostInfo: HostInfo = {
    version: packageInfo.version,
    host: 'browser',
    ...(options.lab
      ? {
          lab: {
            ...options.lab,
            ...(options.labScenarios ? { scenarios: options.labScenarios.summaries } : {}),
          },
        }
      : {}),
  };
  const token = options.token ?? createToken();

  const server = createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_FRAME_BYTES });
  const policy: HostPolicy = { port: 0, bindHost, allowRemote };
  // The open tabs' services, so an export download can find the call that one of them ran.
  const sessions = new Set<HostedService>();
  const createSessionService: ServiceFactory = (context) => {
    const service = createService(context);
    sessions.add(service);
    return {
      ...service,
      dispose: () => {
        sessions.delete(service);
        return service.dispose();
      },
    };
  };

  // The page comes with the host info and the kept workspace, so its first render waits for no round trip.
  const startPage: StartPageSource = { hostInfo, ...(loadWorkspace ? { loadWorkspace } : {}) };
  server.on('request', (request, response) =>
    handleHttp(request, response, { policy, token, staticDir, sessions, startPage }),
  );
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const decision = decideAccess(request.headers, policy, token);
    if (!decision.allowed) return refuseUpgrade(socket, decision.status);
    if (pathOf(request) !== webSocketPath) return refuseUpgrade(socket, 404);
    sockets.handleUpgrade(request, socket, head, (webSocket) =>
      attachSession(webSocket, createSessionService, hostInfo),
    );
  });

  await listen(server, options.port ?? 0, bindHost);
  policy.port = (server.address() as AddressInfo).port;

  const urlHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const baseUrl = `http://${urlHost === '0.0.0.0' || urlHost === '[::]' ? '127.0.0.1' : urlHost}:${policy.port}`;
  const url = `${baseUrl}/?token=${token}`;
  const handle: ServeHandle = {
    url,
    baseUrl,
    port: policy.port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  if (options.open) {
    const failure = await openInBrowser(url);
    if (failure) handle.openError = failure;
  }
  return handle;
}

/**
 * The real engine; one workspace (and the lab's scenarios) for the whole server, shared by every
 * tab's session — and the workspace's load, for the page's start state.
 */
async function engineWithWorkspace(
  dataDir: string | undefined,
  labScenarios: LabScenarioHost | undefined,
): Promise<{ createService: ServiceFactory; loadWorkspace: StartPageSource['loadWorkspace'] }> {
  const { secrets, dataDir: folder } = createNodeCapabilities(dataDir === undefined ? {} : { dataDir });
  const workspace = createHostWorkspace({ dataDir: folder, secrets });
  const savedForwards = createSavedForwardStore(folder);
  const createService = workspace.decorate(
    await loadEngineServiceFactory({
      secrets,
      workspace: workspace.operations,
      savedForwards,
      ...(labScenarios === undefined ? {} : { labScenarios }),
    }),
  );
  return { createService, loadWorkspace: () => workspace.operations.loadWorkspace({}) };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      const where = `${host}:${port}`;
      if (error.code === 'EADDRINUSE')
        reject(
          new WorkbenchError('bad_input', `Cannot listen on ${where}: the port is already in use.`, {
            hint: 'Pick another --port, or 0 for a free one.',
            subject: where,
          }),
        );
      else if (error.code === 'EADDRNOTAVAIL')
        reject(
          new WorkbenchError('bad_input', `Cannot listen on ${where}: no such local address.`, {
            hint: 'Use 127.0.0.1.',
            subject: where,
          }),
        );
      else reject(error);
    };
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://placeholder').pathname;
}

interface HttpContext {
  policy: HostPolicy;
  token: string;
  staticDir: string;
  sessions: ReadonlySet<HostedService>;
  startPage: StartPageSource;
}

function handleHttp(
  request: IncomingMessage,
  response: ServerResponse,
  { policy, token, staticDir, sessions, startPage }: HttpContext,
): void {
  // A refused request never echoes an unchecked Host into our headers.
  const hostHeader = isAllowedHostHeader(request.headers.host, policy)
    ? (request.headers.host as string)
    : `127.0.0.1:${policy.port}`;
  for (const [name, value] of Object.entries(securityHeaders(hostHeader))) response.setHeader(name, value);
  response.setHeader('Cache-Control', 'no-store');

  if (request.method !== 'GET' && request.method !== 'HEAD') return endWith(response, 405, { Allow: 'GET, HEAD' });
  const url = new URL(request.url ?? '/', 'http://placeholder');
  const queryToken = url.searchParams.get('token');
  if (queryToken !== null) return exchangeQueryToken(request, response, policy, token, queryToken, url);

  const decision = decideAccess(request.headers, policy, token);
  if (!decision.allowed) return refuse(response, decision.status);
  const exportCallId = exportCallIdOf(url.pathname);
  if (exportCallId !== undefined) return void serveExport(request, response, sessions, exportCallId);
  const valueRequest = messageValueRequestOf(url);
  if (valueRequest !== undefined) return void serveMessageValue(request, response, sessions, valueRequest);
  serveStatic(request, response, staticDir, url.pathname, startPage);
}

async function serveExport(
  request: IncomingMessage,
  response: ServerResponse,
  sessions: ReadonlySet<HostedService>,
  callId: string,
): Promise<void> {
  try {
    const recording = await findRecording(sessions, callId);
    if (!recording)
      return endWith(response, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, noRecordingText(callId));
    sendExport(request, response, recording.exported);
  } catch (error) {
    endWith(
      response,
      500,
      { 'Content-Type': 'text/plain; charset=utf-8' },
      `${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

async function serveMessageValue(
  request: IncomingMessage,
  response: ServerResponse,
  sessions: ReadonlySet<HostedService>,
  requested: unknown,
): Promise<void> {
  try {
    const ref = checkOperationParams('fetchMessageValue', requested);
    const recording = await findRecording(sessions, ref.callId);
    if (!recording)
      return endWith(response, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, noRecordingText(ref.callId));
    sendMessageValue(request, response, ref, (await recording.service.fetchMessageValue(ref)).value);
  } catch (error) {
    const { status, text } = messageValueFailure(WorkbenchError.from(error));
    endWith(response, status, { 'Content-Type': 'text/plain; charset=utf-8' }, text);
  }
}

/** The printed URL's token becomes a cookie, and the address bar loses it (no token in history or referrers). */
function exchangeQueryToken(
  request: IncomingMessage,
  response: ServerResponse,
  policy: HostPolicy,
  token: string,
  presented: string,
  url: URL,
): void {
  if (!isAllowedHostHeader(request.headers.host, policy)) return refuse(response, 403);
  if (request.headers.origin !== undefined && request.headers.origin !== `http://${request.headers.host}`)
    return refuse(response, 403);
  if (!tokensEqual(presented, token)) return refuse(response, 401);
  url.searchParams.delete('token');
  const location = `${url.pathname}${url.search}`;
  response.setHeader('Set-Cookie', tokenCookie(policy.port, token));
  endWith(response, 303, { Location: location });
}

function serveStatic(
  request: IncomingMessage,
  response: ServerResponse,
  staticDir: string,
  pathname: string,
  startPage: StartPageSource,
): void {
  const file = resolveStaticPath(staticDir, pathname);
  if (!file) return endWith(response, 404);
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return endWith(response, 404);
    size = stats.size;
  } catch {
    if (pathname === '/') {
      return endWith(
        response,
        503,
        { 'Content-Type': 'text/plain; charset=utf-8' },
        `The workbench UI is not built (no ${file}). Run \`npm run build\`.\n`,
      );
    }
    return endWith(response, 404);
  }
  if (file === resolvePath(staticDir, 'index.html')) return void serveStartPage(request, response, file, startPage);
  response.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Content-Length': size });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** index.html with the start state (main/host/start-page.ts); only ever behind the token/Host/Origin checks. */
async function serveStartPage(
  request: IncomingMessage,
  response: ServerResponse,
  file: string,
  startPage: StartPageSource,
): Promise<void> {
  let body: Buffer;
  try {
    body = Buffer.from(await renderStartPage(await readFile(file, 'utf8'), startPage));
  } catch (error) {
    const text = `The workbench page could not be served: ${error instanceof Error ? error.message : String(error)}\n`;
    return endWith(response, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, text);
  }
  response.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Content-Length': body.length });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function endWith(response: ServerResponse, status: number, headers: Record<string, string> = {}, body = ''): void {
  response.writeHead(status, { 'Content-Length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

/** A refusal explains itself to a person who typed the address, and carries nothing else. */
const refusalText: Record<401 | 403, string> = {
  401: 'Unauthorized: open the full URL (with ?token=…) that gRPC Workbench printed when it started.\n',
  403: 'Forbidden: gRPC Workbench answers only to its own page on 127.0.0.1 / localhost.\n',
};

function refuse(response: ServerResponse, status: 401 | 403): void {
  endWith(response, status, { 'Content-Type': 'text/plain; charset=utf-8' }, refusalText[status]);
}

const statusText: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404): void {
  socket.on('error', () => undefined); // the client may already be gone
  socket.end(`HTTP/1.1 ${status} ${statusText[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Returns why no browser could be opened, or undefined when one was started. */
async function openInBrowser(url: string): Promise<string | undefined> {
  try {
    const { default: open } = await import('open');
    const child = await open(url);
    child.on('error', () => undefined); // a late failure of the opener must not crash the server
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
