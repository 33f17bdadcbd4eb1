/**
 * The Cluster panel's state: context → namespace → Services and pods (with readiness), the forwards
 * this window opened with their live state, and the Service check of a k8s:// target. Every
 * forward is named by us (`forwardId`) and followed by its forward-state events until forward-end.
 */
import type {
  ForwardMode,
  ForwardSnapshot,
  KubeContextList,
  NamespaceList,
  ServiceCheckResult,
  ServiceList,
} from '../../../shared/api';
import { formatK8sTarget } from '../../../shared/k8s/target';
import { toErrorInfo } from '../ui/error-info';
import type { Loadable, SliceContext } from '../store/slice';

export interface ClusterSelection {
  context?: string;
  namespace?: string;
}

export interface ClusterSlice {
  cluster: {
    selection: ClusterSelection;
    contexts: Loadable<KubeContextList>;
    namespaces: Loadable<NamespaceList>;
    services: Loadable<ServiceList>;
    /** By forward id, as the host last reported them. */
    forwards: Readonly<Record<string, ForwardSnapshot>>;
    /** The Service check shown beside the hit map, by k8s:// target. */
    checks: Readonly<Record<string, Loadable<ServiceCheckResult>>>;
  };
  loadContexts(): Promise<void>;
  selectContext(context: string): Promise<void>;
  selectNamespace(namespace: string): Promise<void>;
  /** Opens a forward to a Service port of the selected namespace; resolves with its id. */
  startForward(service: string, port: string | number, mode: ForwardMode): Promise<string | undefined>;
  stopForward(forwardId: string): Promise<void>;
  /** The k8s:// target of a Service port in the selection, for "use as target". */
  k8sTargetFor(service: string, port: string | number): string;
  checkK8sTarget(target: {
    context?: string;
    namespace: string;
    service: string;
    port: string | number;
  }): Promise<void>;
}

export function createClusterSlice({ set, get, client, newId, onDispose }: SliceContext): ClusterSlice {
  const update = (change: Partial<ClusterSlice['cluster']>) => set({ cluster: { ...get().cluster, ...change } });
  const selection = () => get().cluster.selection;
  const kubeSelection = () => {
    const { context, namespace } = selection();
    return { ...(context === undefined ? {} : { context }), ...(namespace === undefined ? {} : { namespace }) };
  };

  onDispose(
    client.onEvent((event) => {
      if (event.type === 'forward-state' && get().cluster.forwards[event.forwardId])
        update({ forwards: { ...get().cluster.forwards, [event.forwardId]: event.snapshot } });
      if (event.type === 'forward-end' && get().cluster.forwards[event.forwardId]) {
        const forwards = { ...get().cluster.forwards };
        delete forwards[event.forwardId];
        update({ forwards });
      }
    }),
  );

  const loadServices = async () => {
    update({ services: { status: 'loading' } });
    try {
      update({ services: { status: 'loaded', value: await client.listServices(kubeSelection()) } });
    } catch (error) {
      update({ services: { status: 'error', error: toErrorInfo(error) } });
    }
  };

  return {
    cluster: {
      selection: {},
      contexts: { status: 'idle' },
      namespaces: { status: 'idle' },
      services: { status: 'idle' },
      forwards: {},
      checks: {},
    },

    async loadContexts() {
      update({ contexts: { status: 'loading' } });
      try {
        const contexts = await client.listKubeContexts({});
        update({ contexts: { status: 'loaded', value: contexts } });
        if (selection().context === undefined) await get().selectContext(contexts.current);
      } catch (error) {
        update({ contexts: { status: 'error', error: toErrorInfo(error) } });
      }
    },

    async selectContext(context) {
      update({ selection: { context }, namespaces: { status: 'loading' }, services: { status: 'idle' } });
      try {
        const namespaces = await client.listNamespaces({ context });
        update({ namespaces: { status: 'loaded', value: namespaces } });
        await get().selectNamespace(namespaces.current);
      } catch (error) {
        update({ namespaces: { status: 'error', error: toErrorInfo(error) } });
      }
    },

    async selectNamespace(namespace) {
      update({ selection: { ...selection(), namespace } });
      await loadServices();
    },

    async startForward(service, port, mode) {
      const forwardId = newId('watch');
      try {
        const snapshot = await client.openForward({
          ...kubeSelection(),
          forwardId,
          target: { kind: 'service', name: service },
          remotePort: port,
          mode,
        });
        update({ forwards: { ...get().cluster.forwards, [forwardId]: snapshot } });
        return forwardId;
      } catch (error) {
        update({ services: { status: 'error', error: toErrorInfo(error) } });
        return undefined;
      }
    },

    async stopForward(forwardId) {
      await client.closeForward({ forwardId }).catch(() => undefined);
      const forwards = { ...get().cluster.forwards };
      delete forwards[forwardId];
      update({ forwards });
    },

    k8sTargetFor(service, port) {
      const { context, namespace } = selection();
      return formatK8sTarget({
        ...(context === undefined ? {} : { context }),
        namespace: namespace ?? 'default',
        service,
        port,
      });
    },

    async checkK8sTarget(target) {
      const key = formatK8sTarget(target);
      const setCheck = (check: Loadable<ServiceCheckResult>) =>
        update({ checks: { ...get().cluster.checks, [key]: check } });
      setCheck({ status: 'loading' });
      try {
        const result = await client.checkService({
          ...(target.context === undefined ? {} : { context: target.context }),
          namespace: target.namespace,
          service: target.service,
          port: target.port,
        });
        setCheck({ status: 'loaded', value: result });
      } catch (error) {
        setCheck({ status: 'error', error: toErrorInfo(error) });
      }
    },
  };
}
