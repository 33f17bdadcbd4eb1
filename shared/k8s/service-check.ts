import type { EndpointSliceLike, PodLike, ServiceLike, ServicePortLike } from './objects';
import { findServicePort, isPodReady, podPortFor, selectorString } from './objects';

/**
 * What a Service will do to gRPC traffic, and why (the study guide's gotcha table, §12–16 and §20):
 * pure rules over the Service, its EndpointSlices and the pods its selector matches.
 */

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface ServiceFinding {
  /** Stable id for tests and the UI: `pinned-l4`, `mesh-tcp`, `selector-matches-nothing`, … */
  id: string;
  severity: FindingSeverity;
  /** What will happen, and why. */
  text: string;
  /** What to change; absent for findings that need nothing. */
  fix?: string;
  /** The port a finding is about (its name, else its number). */
  port?: string;
}

export interface ServiceCheckInput {
  service: ServiceLike;
  /** The Service's EndpointSlices (label kubernetes.io/service-name). */
  endpointSlices: readonly EndpointSliceLike[];
  /** The pods in the namespace that the Service's selector matches. */
  pods: readonly PodLike[];
  /** Check one port (by name or number); all ports when absent. */
  port?: string | number;
}

export interface ServiceCheckResult {
  service: string;
  namespace: string;
  /** True when no finding is an error or a warning (the CLI exits 0). */
  ok: boolean;
  findings: ServiceFinding[];
}

/** Port names Istio reads as HTTP/2-capable (gRPC) protocols; appProtocol values likewise. */
const grpcPortName = /^(grpc|http2)(-.*)?$/;
const grpcAppProtocols = new Set(['grpc', 'grpc-web', 'http2', 'kubernetes.io/h2c']);

export function checkService(input: ServiceCheckInput): ServiceCheckResult {
  const { service } = input;
  const name = service.metadata?.name ?? '';
  const namespace = service.metadata?.namespace ?? '';
  const findings: ServiceFinding[] = [];
  const ports = portsToCheck(service, input.port);
  const headless = service.spec?.clusterIP === 'None';
  const firstPort = ports[0];
  const portLabel = firstPort ? (firstPort.name ?? String(firstPort.port)) : 'PORT';

  if (headless) {
    findings.push({
      id: 'headless',
      severity: 'info',
      text: `Headless (clusterIP: None): DNS returns every Ready pod's IP, so a gRPC client can balance per request — with round_robin; pick_first, the default, sends everything to the first address.`,
      fix: `Dial dns:///${name}.${namespace}.svc.cluster.local:${firstPort?.port ?? 'PORT'} with loadBalancingConfig round_robin.`,
    });
  } else {
    findings.push({
      id: 'pinned-l4',
      severity: 'warning',
      text: `ClusterIP${service.spec?.clusterIP ? ` ${service.spec.clusterIP}` : ''}: kube-proxy balances connections, not requests. A gRPC client opens one HTTP/2 connection and multiplexes every call over it, so all of a client's calls land on the one pod that won the connection (pinned at L4); pods added later get none until connections churn.`,
      fix: `Make the Service headless (clusterIP: None) and use round_robin in the client, or run a mesh (Istio, Linkerd) whose sidecar balances per request — with the port declared as gRPC.`,
    });
  }

  for (const port of ports) {
    const label = port.name ?? String(port.port);
    if (grpcAppProtocols.has(port.appProtocol ?? '') || grpcPortName.test(port.name ?? '')) continue;
    const described = port.name ? `Port ${port.port} is named "${port.name}"` : `Port ${port.port} has no name`;
    findings.push({
      id: 'mesh-tcp',
      severity: 'warning',
      port: label,
      text: `${described} and no appProtocol: grpc, so a mesh like Istio treats it as plain TCP and balances it at L4 — the sidecar does not spread gRPC calls over pods (and protocol sniffing, if on, adds latency and can misclassify).`,
      fix: `Set appProtocol: grpc on the port (preferred), or name it grpc or grpc-<suffix>.`,
    });
  }

  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) {
    findings.push({
      id: 'no-selector',
      severity: 'info',
      text: 'The Service has no selector: its endpoints are managed by hand (or by another controller), not from pods.',
    });
  } else if (input.pods.length === 0) {
    findings.push({
      id: 'selector-matches-nothing',
      severity: 'error',
      text: `The selector ${selectorString(selector)} matches no pod in namespace ${namespace}: the Service has no endpoints and every connection fails.`,
      fix: `Make the selector match the pods' labels (kubectl get pods -n ${namespace} --show-labels).`,
    });
  } else {
    const readyPods = input.pods.filter(isPodReady);
    const readyEndpoints = input.endpointSlices.flatMap((slice) =>
      slice.endpoints.filter((endpoint) => endpoint.conditions?.ready !== false),
    );
    if (readyEndpoints.length === 0 || readyPods.length === 0) {
      findings.push({
        id: 'no-ready-endpoints',
        severity: 'error',
        text: `None of the ${input.pods.length} pod(s) matching ${selectorString(selector)} is Ready, so the Service has no Ready endpoints: connections are refused (or hang).`,
        fix: `Look at why the pods fail readiness (kubectl describe pods -l ${selectorString(selector)} -n ${namespace}); a gRPC readiness probe calls grpc.health.v1.Health/Check.`,
      });
    } else {
      for (const port of ports) {
        const missing = readyPods.filter((pod) => podPortFor(port, pod) === undefined);
        if (missing.length === 0) continue;
        findings.push({
          id: 'target-port-missing',
          severity: 'error',
          port: port.name ?? String(port.port),
          text: `targetPort "${String(port.targetPort)}" names no container port of ${missing.map((pod) => pod.metadata?.name).join(', ')}: those pods get no traffic on this port.`,
          fix: `Name a container port "${String(port.targetPort)}" in the pod template, or set targetPort to its number.`,
        });
      }
      findings.push({
        id: 'ready-endpoints',
        severity: 'info',
        text: `${readyEndpoints.length} Ready endpoint(s) of ${input.pods.length} matching pod(s) on port ${portLabel}.`,
      });
    }
  }
  return {
    service: name,
    namespace,
    ok: findings.every((f) => f.severity === 'info'),
    findings,
  };
}

function portsToCheck(service: ServiceLike, port: string | number | undefined): ServicePortLike[] {
  if (port === undefined) return service.spec?.ports ?? [];
  const found = findServicePort(service, port);
  return found ? [found] : [];
}
