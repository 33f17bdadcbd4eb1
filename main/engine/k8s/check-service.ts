import { checkService } from '../../../shared/k8s/service-check';
import type { ServiceCheckResult } from '../../../shared/k8s/service-check';
import type { EndpointSliceLike, PodLike, ServiceLike } from '../../../shared/k8s/objects';
import { selectorString } from '../../../shared/k8s/objects';
import { apiError, loadKubeClient } from './kube-client';
import type { KubeSelection } from './kube-client';
import { read } from './resolve-target';

/** Fetches a Service, its EndpointSlices and the pods it selects, and runs the Service check on them. */
export async function checkServiceInCluster(
  selection: KubeSelection & { service: string; port?: string | number },
): Promise<ServiceCheckResult> {
  const client = await loadKubeClient(selection);
  const namespace = client.namespace;
  const service = await read(
    client,
    () => client.core.readNamespacedService({ name: selection.service, namespace }),
    'get',
    'services',
    `Service ${selection.service}`,
  );
  const selector = service.spec?.selector;
  try {
    const [slices, pods] = await Promise.all([
      client.discovery.listNamespacedEndpointSlice({
        namespace,
        labelSelector: `kubernetes.io/service-name=${selection.service}`,
      }),
      selector && Object.keys(selector).length > 0
        ? client.core.listNamespacedPod({ namespace, labelSelector: selectorString(selector) })
        : Promise.resolve({ items: [] }),
    ]);
    return checkService({
      service: service as ServiceLike,
      endpointSlices: slices.items as EndpointSliceLike[],
      pods: pods.items as PodLike[],
      ...(selection.port === undefined ? {} : { port: selection.port }),
    });
  } catch (error) {
    throw apiError(error, client, { verb: 'list', resource: 'pods, endpointslices.discovery.k8s.io' });
  }
}
