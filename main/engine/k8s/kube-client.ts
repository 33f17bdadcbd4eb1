import {
  loadClientNode,
  loadedClientNode,
  type ApiException,
  type AppsV1Api,
  type CoreV1Api,
  type DiscoveryV1Api,
  type KubeConfig,
} from './client-node';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { WorkbenchError } from '../../../shared/api/errors';
import type { ErrorKind } from '../../../shared/api/errors';

/**
 * A kubeconfig context made ready for API calls: which file, which context and namespace, and the
 * typed API clients. client-node does the auth (tokens, client certificates, exec plugins such as
 * gke-gcloud-auth-plugin or `aws eks get-token`).
 */

export interface KubeSelection {
  /** A kubeconfig file; absent = $KUBECONFIG, else ~/.kube/config (what kubectl reads). */
  kubeconfig?: string;
  /** A context of that file; absent = its current-context. */
  context?: string;
  /** Absent = the context's namespace, else `default`. */
  namespace?: string;
}

export interface KubeClient {
  readonly config: KubeConfig;
  readonly context: string;
  readonly namespace: string;
  /** The API server's URL, for messages. */
  readonly server: string;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly discovery: DiscoveryV1Api;
}

export async function loadKubeClient(selection: KubeSelection = {}): Promise<KubeClient> {
  const files = kubeconfigFiles(selection.kubeconfig);
  const existing = files.filter((file) => existsSync(file));
  if (existing.length === 0)
    throw new WorkbenchError(
      'io',
      `no kubeconfig: ${files.join(', ')} ${files.length === 1 ? 'does' : 'do'} not exist`,
      {
        hint: 'Set $KUBECONFIG, as kubectl reads it, or name a kubeconfig file.',
        subject: files.join(delimiter),
        setting: 'kubeconfig',
      },
    );
  const { AppsV1Api, CoreV1Api, DiscoveryV1Api, KubeConfig } = await loadClientNode();
  const config = new KubeConfig();
  try {
    if (existing.length === 1) config.loadFromFile(existing[0] as string);
    else {
      // Several files (a $KUBECONFIG list) merge as kubectl merges them: the first file wins.
      const merged = new KubeConfig();
      for (const file of existing.reverse()) {
        const part = new KubeConfig();
        part.loadFromFile(file);
        merged.mergeConfig(part, true);
      }
      config.loadFromString(merged.exportConfig());
    }
  } catch (error) {
    throw new WorkbenchError('io', `cannot read kubeconfig ${existing.join(', ')}: ${(error as Error).message}`, {
      hint: 'Check that the file is a valid kubeconfig (kubectl config view).',
      subject: existing.join(delimiter),
      setting: 'kubeconfig',
      cause: error,
    });
  }
  const contextName = selection.context ?? config.getCurrentContext();
  const context = contextName ? config.getContextObject(contextName) : null;
  if (!context) {
    const known = config.getContexts().map((c) => c.name);
    throw new WorkbenchError(
      'not_found',
      contextName
        ? `unknown context "${contextName}" in ${existing.join(', ')}`
        : `the kubeconfig ${existing.join(', ')} has no current-context`,
      {
        hint:
          known.length > 0 ? `Pick one of: ${known.join(', ')}.` : 'The kubeconfig defines no contexts; name another.',
        subject: contextName || existing.join(delimiter),
        setting: known.length > 0 ? 'kubeContext' : 'kubeconfig',
      },
    );
  }
  config.setCurrentContext(context.name);
  const cluster = config.getCluster(context.cluster);
  if (!cluster)
    throw new WorkbenchError(
      'io',
      `context "${context.name}" names cluster "${context.cluster}", which the kubeconfig does not define`,
      {
        hint: 'Fix the kubeconfig (kubectl config view), or pick another context.',
        subject: context.name,
        setting: 'kubeContext',
      },
    );
  return {
    config,
    context: context.name,
    namespace: selection.namespace ?? context.namespace ?? 'default',
    server: cluster.server,
    core: config.makeApiClient(CoreV1Api),
    apps: config.makeApiClient(AppsV1Api),
    discovery: config.makeApiClient(DiscoveryV1Api),
  };
}

function kubeconfigFiles(explicit: string | undefined): string[] {
  if (explicit) return [explicit];
  const fromEnv = process.env.KUBECONFIG?.split(delimiter).filter(Boolean) ?? [];
  return fromEnv.length > 0 ? fromEnv : [join(homedir(), '.kube', 'config')];
}

/** The RBAC verb and resource a request needs, for Forbidden messages: `create pods/portforward`. */
export interface ApiRequestDescription {
  verb: string;
  /** `pods`, `pods/portforward`, `services`, `endpointslices.discovery.k8s.io`, … */
  resource: string;
  /** The object asked for, when there is one: `pod user-1`, `Service user-svc`. */
  object?: string;
}

/**
 * Any failure of an API call as a WorkbenchError naming what is at fault: the API server
 * (unreachable, TLS, credentials), RBAC (the verb and resource), or the object (not found).
 */
export function apiError(error: unknown, client: KubeClient, request: ApiRequestDescription): WorkbenchError {
  if (error instanceof WorkbenchError) return error;
  const status = httpStatusOf(error);
  const where = `namespace ${client.namespace} of context ${client.context}`;
  if (status === 403)
    return new WorkbenchError(
      'connection',
      `Forbidden: the user of context ${client.context} may not ${request.verb} ${request.resource} in namespace ${client.namespace}${request.object ? ` (${request.object})` : ''}`,
      {
        hint: `Ask for an RBAC Role granting "${request.verb}" on "${request.resource}" (check: kubectl auth can-i ${request.verb} ${request.resource} -n ${client.namespace}), or use another context.`,
        subject: `${request.verb} ${request.resource}`,
        setting: 'kubeContext',
        cause: error,
      },
    );
  if (status === 401)
    return new WorkbenchError(
      'connection',
      `the API server ${client.server} rejected the credentials of context ${client.context} (401 Unauthorized)`,
      {
        hint: 'Log in again or refresh the credentials (token, client certificate or exec plugin) in the kubeconfig, or use another context.',
        subject: client.server,
        setting: 'kubeContext',
        cause: error,
      },
    );
  if (status === 404)
    return new WorkbenchError('not_found', `${request.object ?? request.resource} not found in ${where}`, {
      hint: `List what exists (kubectl get ${request.resource.split('/')[0]} -n ${client.namespace} --context ${client.context}), or pick another namespace.`,
      subject: request.object ?? request.resource,
      setting: 'namespace',
      cause: error,
    });
  if (status !== undefined)
    return new WorkbenchError(
      'connection',
      `the API server ${client.server} answered ${status} to ${request.verb} ${request.resource}: ${statusMessage(error)}`,
      {
        subject: client.server,
        cause: error,
      },
    );
  const code = networkCode(error);
  const [kind, what] = networkKinds[code ?? ''] ?? ['connection', `failed (${errorText(error)})`];
  return new WorkbenchError(
    kind,
    `cannot reach the API server ${client.server} of context ${client.context}: ${what}`,
    {
      hint:
        kind === 'tls'
          ? "Check the kubeconfig's certificate-authority for this cluster."
          : 'Check that the cluster is running and reachable from here (VPN, tunnel), or pick another context.',
      subject: client.server,
      setting: 'kubeContext',
      cause: error,
    },
  );
}

const networkKinds: Record<string, [ErrorKind, string]> = {
  ECONNREFUSED: ['refused', 'connection refused (nothing listens there)'],
  ECONNRESET: ['connection', 'the connection was reset'],
  ENOTFOUND: ['dns', 'its host name does not resolve'],
  EAI_AGAIN: ['dns', 'its host name does not resolve (temporary DNS failure)'],
  ETIMEDOUT: ['timeout', 'the connection timed out'],
  UND_ERR_CONNECT_TIMEOUT: ['timeout', 'the connection timed out'],
  EHOSTUNREACH: ['connection', 'no route to the host'],
  DEPTH_ZERO_SELF_SIGNED_CERT: ['tls', 'its certificate is self-signed and not trusted'],
  SELF_SIGNED_CERT_IN_CHAIN: ['tls', 'its certificate chain is not trusted'],
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: ['tls', 'its certificate is signed by an unknown authority'],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: ['tls', 'its certificate is signed by an unknown authority'],
  ERR_TLS_CERT_ALTNAME_INVALID: ['tls', 'its certificate does not name this host'],
  CERT_HAS_EXPIRED: ['tls', 'its certificate has expired'],
};

/** The HTTP status of a client-node failure: ApiException, a watch's error, or a WebSocket upgrade refusal. */
export function httpStatusOf(error: unknown): number | undefined {
  if (isApiException(error)) return error.code;
  const e = error as { statusCode?: unknown; message?: unknown } | null;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  const upgrade = /Unexpected server response: (\d{3})/.exec(String(e?.message ?? ''));
  return upgrade ? Number(upgrade[1]) : undefined;
}

function isApiException(error: unknown): error is ApiException<unknown> {
  const ApiException = loadedClientNode()?.ApiException;
  return ApiException !== undefined && error instanceof ApiException;
}

function statusMessage(error: unknown): string {
  if (isApiException(error)) {
    const body = typeof error.body === 'string' ? safeParse(error.body) : error.body;
    const message = (body as { message?: unknown } | undefined)?.message;
    if (typeof message === 'string') return message;
  }
  return errorText(error);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function networkCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === 'string') return e.code;
    const errors = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) e = errors[0] as typeof e;
    else e = e.cause as typeof e;
  }
  return undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}
