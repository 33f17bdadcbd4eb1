import type { V1Service } from './client-node';
import { WorkbenchError } from '../../../shared/api/errors';
import {
  containerPort,
  describeServicePorts,
  findServicePort,
  podPortFor,
  selectorString,
} from '../../../shared/k8s/objects';
import type { PodLike, ServiceLike, ServicePortLike } from '../../../shared/k8s/objects';
import { apiError, httpStatusOf } from './kube-client';
import type { KubeClient } from './kube-client';

/** What a forward points at, as `kubectl port-forward` names it. */
export type ForwardTargetSpec =
  { kind: 'pod' | 'service' | 'deployment'; name: string } | { kind: 'selector'; selector: string };

export interface ResolvedTarget {
  /** `svc/user-svc`, `pod/user-1`, `deploy/user`, `-l app=user` */
  label: string;
  /** Pods to consider, by label selector… */
  labelSelector?: string;
  /** …or by name (a pod target). */
  podName?: string;
  service?: V1Service;
  servicePort?: ServicePortLike;
  /** The pod port the remote port means on this pod (undefined: the pod has no such port). */
  podPort(pod: PodLike): number | undefined;
  /** How the remote port reads in messages: `grpc`, `50051`, `grpc (50051 → grpc)`. */
  portLabel: string;
}

export function describeTarget(target: ForwardTargetSpec): string {
  switch (target.kind) {
    case 'pod':
      return `pod/${target.name}`;
    case 'service':
      return `svc/${target.name}`;
    case 'deployment':
      return `deploy/${target.name}`;
    case 'selector':
      return `-l ${target.selector}`;
  }
}

/**
 * Reads what the target names from the API server and turns the remote port into a per-pod port:
 * a Service port → its targetPort (by number or by the pods' port name); otherwise a container port.
 */
export async function resolveTarget(
  client: KubeClient,
  target: ForwardTargetSpec,
  remotePort: string | number,
): Promise<ResolvedTarget> {
  const label = describeTarget(target);
  const byContainerPort = (pod: PodLike) => containerPort(pod, remotePort);
  const namespace = client.namespace;
  switch (target.kind) {
    case 'pod': {
      await read(
        client,
        () => client.core.readNamespacedPod({ name: target.name, namespace }),
        'get',
        'pods',
        `pod ${target.name}`,
      );
      return { label, podName: target.name, podPort: byContainerPort, portLabel: String(remotePort) };
    }
    case 'selector':
      return { label, labelSelector: target.selector, podPort: byContainerPort, portLabel: String(remotePort) };
    case 'deployment': {
      const deployment = await read(
        client,
        () => client.apps.readNamespacedDeployment({ name: target.name, namespace }),
        'get',
        'deployments.apps',
        `Deployment ${target.name}`,
      );
      const labels = deployment.spec?.selector.matchLabels;
      if (!labels || Object.keys(labels).length === 0)
        throw new WorkbenchError(
          'bad_input',
          `Deployment ${target.name} has no matchLabels selector to find its pods by`,
          {
            subject: label,
          },
        );
      return { label, labelSelector: selectorString(labels), podPort: byContainerPort, portLabel: String(remotePort) };
    }
    case 'service': {
      const service = await read(
        client,
        () => client.core.readNamespacedService({ name: target.name, namespace }),
        'get',
        'services',
        `Service ${target.name}`,
      );
      const selector = service.spec?.selector;
      if (!selector || Object.keys(selector).length === 0)
        throw new WorkbenchError(
          'bad_input',
          `Service ${target.name} has no selector, so it has no pods to forward to`,
          {
            hint: 'Forward to a pod (pod/NAME) or a label selector (-l) instead.',
            subject: label,
          },
        );
      const servicePort = findServicePort(service as ServiceLike, remotePort);
      if (!servicePort)
        throw new WorkbenchError(
          'bad_input',
          `Service ${target.name} has no port ${JSON.stringify(remotePort)}; its ports are ${describeServicePorts(service as ServiceLike)}`,
          {
            hint: 'Name a port of the Service by name or number.',
            subject: `${label}:${remotePort}`,
            setting: 'remotePort',
          },
        );
      return {
        label,
        labelSelector: selectorString(selector),
        service,
        servicePort,
        podPort: (pod) => podPortFor(servicePort, pod),
        portLabel: `${servicePort.name ? `${servicePort.name} (${servicePort.port})` : servicePort.port} → targetPort ${String(servicePort.targetPort ?? servicePort.port)}`,
      };
    }
  }
}

/** An API read whose 404 says whether the namespace or the object is missing. */
export async function read<T>(
  client: KubeClient,
  call: () => Promise<T>,
  verb: string,
  resource: string,
  object: string,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (httpStatusOf(error) === 404 && !(await namespaceExists(client)))
      throw new WorkbenchError('not_found', `namespace ${client.namespace} not found in context ${client.context}`, {
        hint: `List the namespaces (kubectl get namespaces --context ${client.context}), or pick another.`,
        subject: client.namespace,
        setting: 'namespace',
        cause: error,
      });
    throw apiError(error, client, { verb, resource, object });
  }
}

async function namespaceExists(client: KubeClient): Promise<boolean> {
  try {
    await client.core.readNamespace({ name: client.namespace });
    return true;
  } catch (error) {
    // Not allowed to read namespaces (common): assume it exists and let the object's 404 speak.
    return httpStatusOf(error) !== 404;
  }
}
