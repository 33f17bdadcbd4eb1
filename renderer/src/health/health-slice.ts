/**
 * The health view's state: grpc.health.v1 for the connection's server — List where it has it, else
 * Check of each service of the loaded schema (the host decides, `listHealth`) — live Watches with
 * their transitions, and, for each per-pod forward the Cluster panel opened, a Check of every pod
 * through its own local address (a Service answers for one pod at a time; a pod answers for itself).
 */
import type {
  CallStatus,
  ConnectionOptions,
  HealthCheckResult,
  HealthEvent,
  HealthListResult,
  ServingStatusName,
  WorkbenchEvent,
} from '../../../shared/api';
import { followEvents, WorkbenchError } from '../../../shared/api';
import { resolveActiveDraft } from '../environments/environments-slice';
import { checkMetadataMap } from '../request/request-draft';
import { toErrorInfo } from '../ui/error-info';
import type { WorkbenchState } from '../store/create-store';
import type { Loadable, SliceContext } from '../store/slice';

export interface HealthWatchState {
  callId: string;
  service: string;
  /** Every status the server streamed, in order (ISO 8601 times). */
  transitions: { at: string; servingStatus: ServingStatusName }[];
  /** How the watch ended (CANCELLED when stopped); absent while it runs. */
  end?: CallStatus;
}

export interface PodHealth {
  forwardId: string;
  pod: string;
  localAddress: string;
  result: Loadable<HealthCheckResult>;
}

export interface HealthSlice {
  health: {
    /** What the list was taken of: `selectHealthSubject` when it was taken. */
    listedFor?: string;
    list: Loadable<HealthListResult>;
    /** By service name ('' = the whole server). */
    watches: Readonly<Record<string, HealthWatchState>>;
    /** By local address, one per pod of each per-pod forward. */
    pods: Readonly<Record<string, PodHealth>>;
  };
  /** Lists the health of every service, and checks every pod of the per-pod forwards. */
  refreshHealth(): Promise<void>;
  /** Starts a Watch of one service, unless one runs; a new Watch replaces an ended one. */
  watchServiceHealth(service: string): Promise<void>;
  /** Cancels the service's Watch; its transitions stay until the next Watch. */
  stopHealthWatch(service: string): Promise<void>;
}

/** The connection's target and its schema: the list is taken again when either changes. */
export function selectHealthSubject(state: Pick<WorkbenchState, 'connection' | 'schema'>): string | undefined {
  if (state.connection === undefined) return undefined;
  return `${state.connection.target} ${state.schema.status === 'loaded' ? state.schema.value.schemaId : ''}`;
}

const isHealthEnd = (event: WorkbenchEvent): event is Extract<HealthEvent, { type: 'health-end' }> =>
  event.type === 'health-end';

export function createHealthSlice({ set, get, client, newId, onDispose }: SliceContext): HealthSlice {
  const update = (change: Partial<HealthSlice['health']>) => set({ health: { ...get().health, ...change } });
  const updateWatch = (service: string, change: (watch: HealthWatchState) => HealthWatchState) => {
    const watch = get().health.watches[service];
    if (watch) update({ watches: { ...get().health.watches, [service]: change(watch) } });
  };
  const updatePod = (localAddress: string, result: Loadable<HealthCheckResult>) => {
    const pod = get().health.pods[localAddress];
    if (pod) update({ pods: { ...get().health.pods, [localAddress]: { ...pod, result } } });
  };
  const running = new Map<string, { dispose(): void }>();
  onDispose(() => {
    for (const [callId, follow] of running) {
      follow.dispose();
      void client.cancelCall({ callId }).catch(() => undefined);
    }
  });

  /**
   * The request's metadata (its variables resolved, secrets left for the host with the collection
   * named), so a server that wants auth on every call answers health too.
   */
  const draftMetadata = () => {
    const resolved = resolveActiveDraft(get(), 'connection');
    if (!resolved.ok) throw WorkbenchError.fromData(resolved.error);
    const { draft, collection } = resolved.value;
    return {
      metadata: checkMetadataMap(draft.metadata).entries,
      ...(collection === undefined ? {} : { collection: { root: collection.root } }),
    };
  };

  const schemaServices = (): string[] => {
    const { schema } = get();
    return schema.status === 'loaded' ? schema.value.services.map((service) => service.name) : [];
  };

  const checkPods = async (connection: ConnectionOptions | undefined) => {
    const pods: Record<string, PodHealth> = {};
    for (const forward of Object.values(get().cluster.forwards)) {
      if (forward.mode !== 'per-pod') continue;
      for (const port of forward.ports) {
        if (port.pod === undefined) continue;
        pods[port.localAddress] = {
          forwardId: forward.id,
          pod: port.pod.name,
          localAddress: port.localAddress,
          result: { status: 'loading' },
        };
      }
    }
    update({ pods });
    // A forward's local ports are plaintext TCP tunnels to the pods: the connection's TLS still applies.
    const base: ConnectionOptions = connection ?? { target: '', tls: { mode: 'plaintext' } };
    await Promise.all(
      Object.keys(pods).map(async (localAddress) => {
        try {
          const result = await client.healthCheck({
            connection: { ...base, target: localAddress },
            service: '',
            ...draftMetadata(),
          });
          updatePod(localAddress, { status: 'loaded', value: result });
        } catch (error) {
          updatePod(localAddress, { status: 'error', error: toErrorInfo(error) });
        }
      }),
    );
  };

  return {
    health: { list: { status: 'idle' }, watches: {}, pods: {} },

    async refreshHealth() {
      const { connection } = get();
      const listing = async () => {
        if (connection === undefined) return;
        update({ listedFor: selectHealthSubject(get()), list: { status: 'loading' } });
        try {
          const result = await client.listHealth({ connection, services: schemaServices(), ...draftMetadata() });
          if (get().connection === connection) update({ list: { status: 'loaded', value: result } });
        } catch (error) {
          update({ list: { status: 'error', error: toErrorInfo(error) } });
        }
      };
      await Promise.all([listing(), checkPods(connection)]);
    },

    async watchServiceHealth(service) {
      const { connection } = get();
      const current = get().health.watches[service];
      if (connection === undefined || (current !== undefined && current.end === undefined)) return;
      const callId = newId('call');
      update({ watches: { ...get().health.watches, [service]: { callId, service, transitions: [] } } });
      const follow = followEvents(client, callId, isHealthEnd, (event) => {
        if (event.type === 'health-status') {
          const { servingStatus } = event;
          updateWatch(service, (watch) => ({
            ...watch,
            transitions: [...watch.transitions, { at: new Date().toISOString(), servingStatus }],
          }));
        }
        if (event.type === 'health-end') {
          running.delete(callId);
          updateWatch(service, (watch) => ({ ...watch, end: event.status }));
        }
      });
      running.set(callId, follow);
      try {
        await client.watchHealth({ callId, connection, service, ...draftMetadata() });
      } catch (error) {
        follow.dispose();
        running.delete(callId);
        const info = toErrorInfo(error);
        updateWatch(service, (watch) => ({
          ...watch,
          end: { code: 2, name: 'UNKNOWN', message: info.message, details: [], error: info },
        }));
      }
    },

    async stopHealthWatch(service) {
      const watch = get().health.watches[service];
      // Its health-end (CANCELLED) ends it; the transitions stay on screen.
      if (watch !== undefined && watch.end === undefined)
        await client.cancelCall({ callId: watch.callId }).catch(() => undefined);
    },
  };
}
