/** Contract domain `cluster`: port-forwards that follow their pods, and the Service check. */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import type { PodSummary } from '../k8s/objects';
import type { ServiceCheckResult } from '../k8s/service-check';
import { clientIdSchema } from './connection';

export type ForwardMode = 'single' | 'per-pod';
export type ForwardStateName = 'connecting' | 'ready' | 'reconnecting' | 'failed' | 'stopped';

/** Is a forward really carrying traffic: a grpc.health.v1 Check through the tunnel, else a TCP connect. */
export type ProbeResult =
  | { ok: true; method: 'health'; servingStatus: string; ms: number }
  | { ok: true; method: 'tcp'; ms: number; note: string }
  | { ok: false; method: 'health' | 'tcp'; error: string; ms: number };

export interface ForwardStateChange {
  /** ISO 8601 */
  at: string;
  state: ForwardStateName;
  /** Why, in a sentence: `pod user-…-x2k4p was deleted; moving to pod user-…-9dj2f`. */
  reason?: string;
  /** The pod the change is about. */
  pod?: string;
  /** The local address the change is about (per-pod: one per pod). */
  localAddress?: string;
}

export interface ForwardPort {
  /** `127.0.0.1:PORT` */
  localAddress: string;
  localPort: number;
  /** The pod now behind this local port; absent while a single forward has none. */
  pod?: PodSummary;
  remotePort?: number;
  state: ForwardStateName;
  reason?: string;
  probe?: ProbeResult;
}

export interface ForwardSnapshot {
  id: string;
  mode: ForwardMode;
  context: string;
  namespace: string;
  /** `svc/user-svc`, `pod/NAME`, `deploy/NAME`, `-l SELECTOR` */
  target: string;
  remotePort: string;
  state: ForwardStateName;
  reason?: string;
  ports: ForwardPort[];
  log: ForwardStateChange[];
}

/** Which kubeconfig, context and namespace; absent parts default as kubectl's do. */
export const kubeSelectionSchema = lazySchema(() =>
  z.object({
    kubeconfig: z.string().min(1).optional(),
    context: z.string().min(1).optional(),
    namespace: z.string().min(1).optional(),
  }),
);

/** What a forward points at, as `kubectl port-forward` names it. */
export const forwardTargetSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.enum(['pod', 'service', 'deployment']), name: z.string().min(1) }),
    z.object({ kind: z.literal('selector'), selector: z.string().min(1) }),
  ]),
);

export const openForwardParamsSchema = lazySchema(() =>
  kubeSelectionSchema.extend({
    /** Chosen by the client; every event of the forward carries it. */
    forwardId: clientIdSchema,
    target: forwardTargetSchema,
    /** A Service target: the Service port (name or number); otherwise a container port. */
    remotePort: z.union([z.string().min(1), z.number().int().min(1).max(65535)]),
    /** single mode's local port on 127.0.0.1; 0 or absent = a free port. */
    localPort: z.number().int().min(0).max(65535).optional(),
    mode: z.enum(['single', 'per-pod']).default('single'),
  }),
);
export type OpenForwardParams = z.input<typeof openForwardParamsSchema>;

export const forwardIdParamsSchema = lazySchema(() => z.object({ forwardId: z.string().min(1) }));

export type ForwardTarget = z.infer<typeof forwardTargetSchema>;

/**
 * A forward the user opened (openForward), kept by the host in its data folder — never in a
 * collection — so the Cluster panel can offer it again after a restart. What to forward, never how
 * to authenticate: the kubeconfig's credentials stay in the kubeconfig.
 */
export interface SavedForward {
  /** Stable for the same context, namespace, target, port and mode: opening it again refreshes it. */
  savedId: string;
  /** Only when the forward named a kubeconfig file; absent: $KUBECONFIG / ~/.kube/config. */
  kubeconfig?: string;
  context: string;
  namespace: string;
  target: ForwardTarget;
  remotePort: string | number;
  mode: ForwardMode;
  /** A single forward's chosen local port; absent: any free port. */
  localPort?: number;
  /** ISO 8601: when it was last opened. */
  savedAt: string;
}

/** The saved forwards of one context (all when absent), most recently opened first. */
export const listSavedForwardsParamsSchema = lazySchema(() => z.object({ context: z.string().min(1).optional() }));
export const savedForwardIdParamsSchema = lazySchema(() => z.object({ savedId: z.string().min(1) }));

export interface SavedForwardList {
  forwards: SavedForward[];
  /** False where the host keeps none (the CLI): nothing is remembered there. */
  kept: boolean;
}

export const checkServiceParamsSchema = lazySchema(() =>
  kubeSelectionSchema.extend({
    service: z.string().min(1),
    /** Check one port (by name or number); all ports when absent. */
    port: z.union([z.string().min(1), z.number().int().min(1).max(65535)]).optional(),
  }),
);

export type { ServiceCheckResult };

export type ForwardEvent =
  | { type: 'forward-state'; forwardId: string; change: ForwardStateChange; snapshot: ForwardSnapshot }
  /** Exactly one per opened forward: it was closed (by closeForward or the host shutting down). */
  | { type: 'forward-end'; forwardId: string };

export const listKubeContextsParamsSchema = lazySchema(() => kubeSelectionSchema.pick({ kubeconfig: true }));
export const listNamespacesParamsSchema = lazySchema(() => kubeSelectionSchema.omit({ namespace: true }));
export const listServicesParamsSchema = kubeSelectionSchema;

export interface KubeContextList {
  /** The context used when none is named (the kubeconfig's current-context). */
  current: string;
  contexts: { name: string; cluster: string; namespace?: string }[];
}

export interface NamespaceList {
  namespaces: string[];
  /** The context's namespace (else `default`). */
  current: string;
}

export interface KubeServiceSummary {
  name: string;
  headless: boolean;
  clusterIP?: string;
  ports: { name?: string; port: number; appProtocol?: string }[];
  /** The pods its selector matches, with their readiness. */
  pods: PodSummary[];
}

export interface ServiceList {
  context: string;
  namespace: string;
  services: KubeServiceSummary[];
  /** Every pod of the namespace. */
  pods: PodSummary[];
}
