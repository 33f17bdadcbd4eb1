/**
 * The Cluster panel's state: context → namespace → Services and pods (with readiness), the forwards
 * this window opened with their live state, the forwards the host saved (to reopen after a
 * restart), and the Service check of a k8s:// target. Every forward is named by us (`forwardId`)
 * and followed by its forward-state events from before it is opened until forward-end.
 */
import type {
  ForwardMode,
  ForwardSnapshot,
  ForwardTarget,
  KubeContextList,
  NamespaceList,
  SavedForward,
  SavedForwardList,
  ServiceCheckResult,
  ServiceList,
  WorkbenchErrorData,
} from '../../../shared/api';
import { formatK8sTarget, type K8sTarget } from '../../../shared/k8s/target';
import { toErrorInfo } from '../ui/error-info';
import type { Loadable, SliceContext } from '../store/slice';

export interface ClusterSelection {
  context?: string;
  namespace?: string;
}

/** What a forward was opened with: enough to match it with its saved entry. */
export interface ForwardSpec {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  target: ForwardTarget;
  remotePort: string | number;
  mode: ForwardMode;
  localPort?: number;
}

export interface ClusterSlice {
  cluster: {
    selection: ClusterSelection;
    contexts: Loadable<KubeContextList>;
    namespaces: Loadable<NamespaceList>;
    services: Loadable<ServiceList>;
    /** By forward id, as the host last reported them; `connecting` from the moment it is asked for. */
    forwards: Readonly<Record<string, ForwardSnapshot>>;
    /** What each forward of `forwards` was opened with. */
    forwardSpecs: Readonly<Record<string, ForwardSpec>>;
    /** Why the last forward asked for could not be opened, until dismissed or the next one opens. */
    forwardError?: WorkbenchErrorData;
    /** The forwards the host saved for the selected context (all contexts' are on the host). */
    saved: Loadable<SavedForwardList>;
    /** The Service check shown beside the hit map, by k8s:// target. */
    checks: Readonly<Record<string, Loadable<ServiceCheckResult>>>;
  };
  loadContexts(): Promise<void>;
  selectContext(context: string): Promise<void>;
  selectNamespace(namespace: string): Promise<void>;
  /** Opens a forward to a Service port of the selected namespace; resolves with its id. */
  startForward(service: string, port: string | number, mode: ForwardMode): Promise<string | undefined>;
  /** Opens a saved forward again, as it was saved. */
  reopenForward(saved: SavedForward): Promise<string | undefined>;
  stopForward(forwardId: string): Promise<void>;
  loadSavedForwards(): Promise<void>;
  forgetSavedForward(savedId: string): Promise<void>;
  dismissForwardError(): void;
  /** The k8s:// target of a Service port in the selection, for "use as target". */
  k8sTargetFor(service: string, port: string | number): string;
  checkK8sTarget(target: K8sTarget): Promise<void>;
}

export function createClusterSlice({ set, get, client, newId, onDispose }: SliceContext): ClusterSlice {
  const update = (change: Partial<ClusterSlice['cluster']>) => set({ cluster: { ...get().cluster, ...change } });
  const selection = () => get().cluster.selection;
  const kubeSelection = () => {
    const { context, namespace } = selection();
    return { ...(context === undefined ? {} : { context }), ...(namespace === undefined ? {} : { namespace }) };
  };
  const withoutForward = (forwardId: string) => {
    const { [forwardId]: _snapshot, ...forwards } = get().cluster.forwards;
    const { [forwardId]: _spec, ...forwardSpecs } = get().cluster.forwardSpecs;
    update({ forwards, forwardSpecs });
  };
  const putSnapshot = (snapshot: ForwardSnapshot) => {
    const known = get().cluster.forwards[snapshot.id];
    if (known === undefined) return;
    // openForward's answer and the events travel apart: keep whichever has seen more changes.
    if (known.log.length > snapshot.log.length) return;
    update({ forwards: { ...get().cluster.forwards, [snapshot.id]: snapshot } });
  };

  onDispose(
    client.onEvent((event) => {
      if (event.type === 'forward-state') putSnapshot(event.snapshot);
      if (event.type === 'forward-end' && get().cluster.forwards[event.forwardId]) withoutForward(event.forwardId);
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

  const open = async (spec: ForwardSpec): Promise<string | undefined> => {
    const forwardId = newId('watch');
    const pending: ForwardSnapshot = {
      id: forwardId,
      mode: spec.mode,
      context: spec.context ?? '',
      namespace: spec.namespace ?? '',
      target: forwardTargetLabel(spec.target),
      remotePort: String(spec.remotePort),
      state: 'connecting',
      ports: [],
      log: [],
    };
    const { forwardError: _cleared, ...cluster } = get().cluster;
    set({
      cluster: {
        ...cluster,
        forwards: { ...cluster.forwards, [forwardId]: pending },
        forwardSpecs: { ...cluster.forwardSpecs, [forwardId]: spec },
      },
    });
    try {
      putSnapshot(await client.openForward({ ...spec, forwardId }));
      void get().loadSavedForwards();
      return forwardId;
    } catch (error) {
      withoutForward(forwardId);
      update({ forwardError: toErrorInfo(error) });
      return undefined;
    }
  };

  return {
    cluster: {
      selection: {},
      contexts: { status: 'idle' },
      namespaces: { status: 'idle' },
      services: { status: 'idle' },
      forwards: {},
      forwardSpecs: {},
      saved: { status: 'idle' },
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
      void get().loadSavedForwards();
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

    startForward: (service, port, mode) =>
      open({ ...kubeSelection(), target: { kind: 'service', name: service }, remotePort: port, mode }),

    reopenForward: ({ kubeconfig, context, namespace, target, remotePort, mode, localPort }) =>
      open({
        ...(kubeconfig === undefined ? {} : { kubeconfig }),
        context,
        namespace,
        target,
        remotePort,
        mode,
        ...(localPort === undefined ? {} : { localPort }),
      }),

    async stopForward(forwardId) {
      await client.closeForward({ forwardId }).catch(() => undefined);
      withoutForward(forwardId);
    },

    async loadSavedForwards() {
      const { context } = selection();
      if (get().cluster.saved.status !== 'loaded') update({ saved: { status: 'loading' } });
      try {
        const saved = await client.listSavedForwards(context === undefined ? {} : { context });
        if (selection().context === context) update({ saved: { status: 'loaded', value: saved } });
      } catch (error) {
        update({ saved: { status: 'error', error: toErrorInfo(error) } });
      }
    },

    async forgetSavedForward(savedId) {
      try {
        await client.forgetSavedForward({ savedId });
      } catch (error) {
        update({ forwardError: toErrorInfo(error) });
      }
      await get().loadSavedForwards();
    },

    dismissForwardError() {
      const { forwardError: _dismissed, ...cluster } = get().cluster;
      set({ cluster });
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

/** How a snapshot names its target (`svc/NAME`, `-l SELECTOR`), as kubectl does. */
export function forwardTargetLabel(target: ForwardTarget): string {
  if (target.kind === 'selector') return `-l ${target.selector}`;
  const prefix = { pod: 'pod', service: 'svc', deployment: 'deploy' } as const;
  return `${prefix[target.kind]}/${target.name}`;
}

/** The saved forwards that are not open in this window (an open one shows as a forward); a new array: memoise it. */
export function selectClosedSavedForwards(state: {
  cluster: Pick<ClusterSlice['cluster'], 'saved' | 'forwardSpecs' | 'forwards'>;
}): SavedForward[] {
  const { saved, forwardSpecs, forwards } = state.cluster;
  if (saved.status !== 'loaded') return [];
  const open = Object.entries(forwardSpecs).map(([id, spec]) => ({ spec, snapshot: forwards[id] }));
  return saved.value.forwards.filter(
    (entry) =>
      !open.some(
        ({ spec, snapshot }) =>
          (snapshot?.context || spec.context) === entry.context &&
          (snapshot?.namespace || spec.namespace) === entry.namespace &&
          forwardTargetLabel(spec.target) === forwardTargetLabel(entry.target) &&
          String(spec.remotePort) === String(entry.remotePort) &&
          spec.mode === entry.mode,
      ),
  );
}

/**
 * The k8s:// target of a Service forward (what "use as target" sets), else undefined: the Service
 * and port as asked for (the snapshot describes the port in words), context and namespace as resolved.
 */
export function k8sTargetOfForward(snapshot: ForwardSnapshot, spec: ForwardSpec | undefined): string | undefined {
  if (spec?.target.kind !== 'service' || snapshot.context === '' || snapshot.namespace === '') return undefined;
  return formatK8sTarget({
    context: snapshot.context,
    namespace: snapshot.namespace,
    service: spec.target.name,
    port: spec.remotePort,
  });
}
