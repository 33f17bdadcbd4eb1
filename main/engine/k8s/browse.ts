import type { KubeContextList, NamespaceList, ServiceList } from '../../../shared/api/cluster';
import type { PodLike, ServiceLike } from '../../../shared/k8s/objects';
import { matchesSelector, selectorString, summarizePod } from '../../../shared/k8s/objects';
import { apiError, loadKubeClient } from './kube-client';
import type { KubeSelection } from './kube-client';

/** What the Cluster panel browses: context → namespace → Services and their pods (with readiness). */

export async function listKubeContexts(selection: Pick<KubeSelection, 'kubeconfig'>): Promise<KubeContextList> {
  const client = await loadKubeClient(selection);
  return {
    current: client.context,
    contexts: client.config.getContexts().map((context) => ({
      name: context.name,
      cluster: context.cluster,
      ...(context.namespace === undefined ? {} : { namespace: context.namespace }),
    })),
  };
}

export async function listNamespaces(selection: Omit<KubeSelection, 'namespace'>): Promise<NamespaceList> {
  const client = await loadKubeClient(selection);
  try {
    const list = await client.core.listNamespace();
    return {
      namespaces: list.items.map((namespace) => namespace.metadata?.name ?? '').filter(Boolean),
      current: client.namespace,
    };
  } catch (error) {
    throw apiError(error, client, { verb: 'list', resource: 'namespaces' });
  }
}

export async function listServices(selection: KubeSelection): Promise<ServiceList> {
  const client = await loadKubeClient(selection);
  const namespace = client.namespace;
  try {
    const [services, pods] = await Promise.all([
      client.core.listNamespacedService({ namespace }),
      client.core.listNamespacedPod({ namespace }),
    ]);
    const allPods = pods.items as PodLike[];
    return {
      context: client.context,
      namespace,
      services: (services.items as ServiceLike[]).map((service) => {
        const selector = service.spec?.selector;
        const selected =
          selector && Object.keys(selector).length > 0
            ? allPods.filter((pod) => matchesSelector(pod.metadata?.labels, selectorString(selector)))
            : [];
        return {
          name: service.metadata?.name ?? '',
          headless: service.spec?.clusterIP === 'None',
          ...(service.spec?.clusterIP ? { clusterIP: service.spec.clusterIP } : {}),
          ports: (service.spec?.ports ?? []).map((port) => ({
            ...(port.name ? { name: port.name } : {}),
            port: port.port,
            ...(port.appProtocol ? { appProtocol: port.appProtocol } : {}),
          })),
          pods: selected.map(summarizePod),
        };
      }),
      pods: allPods.map(summarizePod),
    };
  } catch (error) {
    throw apiError(error, client, { verb: 'list', resource: 'services, pods' });
  }
}
