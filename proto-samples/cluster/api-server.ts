import { createServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { statusObject, tableOf } from './api-objects';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, resourceInfo, serverVersion } from './discovery';
import type { KubeObject, ObjectStore, Query, Resource } from './object-store';
import { PORT_FORWARD_PROTOCOLS, parsePorts } from './port-forward';

/**
 * The HTTPS front of the lab cluster: authentication (bearer token or client certificate),
 * RBAC refusals on demand, discovery, get / list / watch, DELETE of pods and the pod
 * `portforward` WebSocket upgrade. Paths, verbs, status codes and Status bodies are the real API
 * server's; see README.md for what it leaves out.
 */

export const LAB_USER = 'lab-user';

export interface ApiServerOptions {
  store: ObjectStore;
  host: string;
  port: number;
  tls: { key: Buffer; cert: Buffer; ca: Buffer };
  /** Bearer tokens the server accepts (a client certificate signed by the lab CA is accepted too). */
  tokens: () => readonly string[];
  /** RBAC refusals as `VERB RESOURCE` (`create pods/portforward`, `list pods`, `watch endpointslices`). */
  forbidden: () => ReadonlySet<string>;
  /** Deletes a pod the way a ReplicaSet-owned pod goes; returns it as the DELETE answer, or undefined. */
  deletePod: (namespace: string, name: string) => KubeObject | undefined;
  /** Takes over the WebSocket of a port-forward to a running pod. */
  portForward: (ws: WebSocket, pod: KubeObject, ports: number[]) => void;
}

export interface ApiServer {
  /** `https://127.0.0.1:PORT` */
  readonly url: string;
  close(): Promise<void>;
}

interface Route {
  group: string;
  resource: Resource;
  namespace?: string;
  name?: string;
  subresource?: string;
}

class HttpFailure extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: object,
  ) {
    super(message);
  }
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { store } = options;
  const watches = new Set<ServerResponse>();
  const server: Server = createServer(
    { key: options.tls.key, cert: options.tls.cert, ca: options.tls.ca, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      try {
        handle(req, res);
      } catch (error) {
        const failure =
          error instanceof HttpFailure ? error : new HttpFailure(500, 'InternalError', (error as Error).message);
        sendJson(res, failure.code, statusObject(failure.code, failure.reason, failure.message, failure.details));
      }
    },
  );
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PORT_FORWARD_PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });

  const url = () => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the lab API server is not listening');
    return `https://${options.host}:${address.port}`;
  };

  function authenticate(req: IncomingMessage): void {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== undefined && options.tokens().includes(bearer)) return;
    if ((req.socket as TLSSocket).authorized) return;
    throw new HttpFailure(401, 'Unauthorized', 'Unauthorized');
  }

  function authorize(verb: string, route: Route): void {
    const resource = route.subresource ? `${route.resource}/${route.subresource}` : route.resource;
    if (!options.forbidden().has(`${verb} ${resource}`)) return;
    const who =
      route.name && verb !== 'list' && verb !== 'watch' ? `${route.resource} "${route.name}"` : route.resource;
    const where = route.namespace ? ` in the namespace "${route.namespace}"` : ' at the cluster scope';
    throw new HttpFailure(
      403,
      'Forbidden',
      `${who} is forbidden: User "${LAB_USER}" cannot ${verb} resource "${resource}" in API group "${route.group}"${where}`,
      { name: route.name, group: route.group, kind: route.resource },
    );
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const requestUrl = new URL(req.url ?? '/', 'https://lab');
    const path = requestUrl.pathname.replace(/\/+$/, '');
    authenticate(req);
    const discovery = discoveryDocument(path, url());
    if (discovery) return sendJson(res, 200, discovery);
    const route = parseRoute(path);
    if (!route) throw new HttpFailure(404, 'NotFound', 'the server could not find the requested resource');
    const params = requestUrl.searchParams;

    if (route.subresource === 'portforward') {
      authorize('create', route);
      throw new HttpFailure(400, 'BadRequest', 'Upgrade request required');
    }
    if (route.subresource) throw new HttpFailure(404, 'NotFound', 'the server could not find the requested resource');
    const namespaced = resourceInfo(route.group, route.resource)?.namespaced ?? false;
    if (req.method === 'DELETE') {
      authorize('delete', route);
      if (route.resource !== 'pods' || !route.namespace || !route.name)
        throw new HttpFailure(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
      const deleted = options.deletePod(route.namespace, route.name);
      if (!deleted) throw notFound(route);
      return sendJson(res, 200, deleted);
    }
    if (req.method !== 'GET')
      throw new HttpFailure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');

    if (route.name) {
      authorize('get', route);
      const object = store.get(route.resource, namespaced ? route.namespace : undefined, route.name);
      if (!object) throw notFound(route);
      return sendJson(
        res,
        200,
        wantsTable(req) ? tableOf(route.resource, [object], store.currentResourceVersion) : object,
      );
    }
    const query: Query = {
      resource: route.resource,
      ...(route.namespace ? { namespace: route.namespace } : {}),
      ...(params.get('labelSelector') ? { labelSelector: params.get('labelSelector') as string } : {}),
      ...(params.get('fieldSelector') ? { fieldSelector: params.get('fieldSelector') as string } : {}),
    };
    if (params.get('watch') === 'true' || params.get('watch') === '1') {
      authorize('watch', route);
      return watch(req, res, query, params);
    }
    authorize('list', route);
    const items = store.list(query);
    if (wantsTable(req)) return sendJson(res, 200, tableOf(route.resource, items, store.currentResourceVersion));
    const info = resourceInfo(route.group, route.resource);
    return sendJson(res, 200, {
      kind: `${info?.kind ?? ''}List`,
      apiVersion: route.group === '' ? 'v1' : `${route.group}/v1`,
      metadata: { resourceVersion: store.currentResourceVersion },
      items,
    });
  }

  function watch(req: IncomingMessage, res: ServerResponse, query: Query, params: URLSearchParams): void {
    const from = params.get('resourceVersion');
    const since = from === null || from === '' || from === '0' ? undefined : Number(from);
    const backlog =
      since === undefined
        ? store.list(query).map((object) => ({ type: 'ADDED', object }))
        : store.changesSince(query, since)?.map((event) => ({ type: event.type, object: event.object }));
    if (backlog === undefined)
      throw new HttpFailure(410, 'Expired', `too old resource version: ${since} (${store.currentResourceVersion})`);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    // A watch answers at once, even with nothing to report yet, as the real server does.
    res.flushHeaders();
    watches.add(res);
    const write = (event: object) => res.write(`${JSON.stringify(event)}\n`);
    for (const event of backlog) write(event);
    const unsubscribe = store.subscribe(query, (event) => write({ type: event.type, object: event.object }));
    const timeoutSeconds = Number(params.get('timeoutSeconds') ?? '0');
    const timer = timeoutSeconds > 0 ? setTimeout(() => res.end(), timeoutSeconds * 1000) : undefined;
    const stop = () => {
      clearTimeout(timer);
      unsubscribe();
      watches.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const requestUrl = new URL(req.url ?? '/', 'https://lab');
      const route = parseRoute(requestUrl.pathname.replace(/\/+$/, ''));
      authenticate(req);
      if (!route || route.resource !== 'pods' || route.subresource !== 'portforward' || !route.namespace || !route.name)
        throw new HttpFailure(400, 'BadRequest', 'the lab cluster upgrades only pods/NAME/portforward');
      authorize('create', route);
      const pod = store.get('pods', route.namespace, route.name);
      if (!pod) throw notFound(route);
      const phase = (pod.status as { phase?: string }).phase;
      if (phase !== 'Running' || pod.metadata.deletionTimestamp)
        throw new HttpFailure(
          400,
          'BadRequest',
          `pod ${route.name} is not running (phase ${phase}); cannot forward ports`,
        );
      if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket')
        throw new HttpFailure(
          400,
          'BadRequest',
          `the lab cluster speaks port-forward over WebSocket (${PORT_FORWARD_PROTOCOLS.join(' or ')}) only; ${req.headers.upgrade} is not implemented`,
        );
      const offered = (req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      if (offered.length > 0 && !offered.some((p) => (PORT_FORWARD_PROTOCOLS as readonly string[]).includes(p)))
        throw new HttpFailure(
          400,
          'BadRequest',
          `the lab cluster speaks port-forward over WebSocket with ${PORT_FORWARD_PROTOCOLS.join(' or ')}; offered: ${offered.join(', ')} (SPDY tunnelling is not implemented)`,
        );
      const ports = parsePortsOrFail(requestUrl.searchParams.getAll('ports'));
      wss.handleUpgrade(req, socket, head, (ws) => options.portForward(ws, pod, ports));
    } catch (error) {
      const failure = error instanceof HttpFailure ? error : new HttpFailure(500, 'InternalError', String(error));
      const body = JSON.stringify(statusObject(failure.code, failure.reason, failure.message, failure.details));
      socket.end(
        `HTTP/1.1 ${failure.code} ${failure.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    get url() {
      return url();
    },
    async close() {
      for (const res of watches) res.destroy();
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parsePortsOrFail(values: string[]): number[] {
  try {
    return parsePorts(values);
  } catch (error) {
    throw new HttpFailure(400, 'BadRequest', (error as Error).message);
  }
}

function notFound(route: Route): HttpFailure {
  return new HttpFailure(404, 'NotFound', `${route.resource} "${route.name}" not found`, {
    name: route.name,
    group: route.group,
    kind: route.resource,
  });
}

function discoveryDocument(path: string, serverUrl: string): object | undefined {
  if (path === '/version') return serverVersion;
  if (path === '/api') return apiVersions(new URL(serverUrl).host);
  if (path === '/apis') return apiGroupList();
  if (path === '/api/v1') return apiResourceList('', 'v1');
  const group = /^\/apis\/([^/]+)$/.exec(path);
  if (group?.[1]) return apiGroup(group[1]);
  const groupVersion = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (groupVersion?.[1] && groupVersion[2]) return apiResourceList(groupVersion[1], groupVersion[2]);
  return undefined;
}

/** `/api/v1/…` and `/apis/GROUP/v1/…` paths: [namespaces/NS/]RESOURCE[/NAME[/SUBRESOURCE]]. */
function parseRoute(path: string): Route | undefined {
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (segments[0] === 'api' && segments[1] === 'v1') [group, rest] = ['', segments.slice(2)];
  else if (segments[0] === 'apis' && segments[1] && segments[2] === 'v1')
    [group, rest] = [segments[1], segments.slice(3)];
  else return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource, ...extra] = rest;
  if (!resource || extra.length > 0 || !resourceInfo(group, resource)) return undefined;
  return {
    group,
    resource: resource as Resource,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
    ...(subresource === undefined ? {} : { subresource }),
  };
}

function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(req.headers.accept ?? '');
}

function sendJson(res: ServerResponse, code: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
