/**
 * The load-balancing lens: the burst settings, one burst at a time with its live report, and the
 * server's own channelz view of the watched channel (the channel watch is the channels slice's).
 */
import type {
  BurstEvent,
  BurstReport,
  BurstRequest,
  ConnectionOptions,
  LabScenarioRun,
  WorkbenchErrorData,
  ServerChannelzReport,
} from '../../../shared/api';
import { channelKey } from '../connection/channels-slice';
import { defaultBurstSettings, settingsFromScenario, type BurstSettings } from './burst-settings';
import type { Loadable, SliceContext } from '../store/slice';
import { toErrorInfo } from '../ui/error-info';

export interface BurstRun {
  running: boolean;
  /** How the burst connects (its request's `connections`): other than shared, the watched channel carries none of it. */
  connections?: BurstRequest['connections'];
  report?: BurstReport;
  /** Why the burst could not start, or why it stopped early (its report then holds what was counted). */
  error?: WorkbenchErrorData;
}

/** What the last server channelz query, for the channel of `key`, gave. */
export interface ServerChannelzView {
  key: string;
  loading: boolean;
  report?: ServerChannelzReport;
  error?: WorkbenchErrorData;
}

export interface LensSlice {
  burstSettings: BurstSettings;
  /** The settings the user changed: defaults that arrive later (lab, example) leave them alone. */
  touchedBurstSettings: ReadonlySet<keyof BurstSettings>;
  burst: BurstRun;
  /** The user edited the form. */
  editBurstSettings(next: BurstSettings): void;
  /** Defaults learnt later (the lab's backends, the method's example) for the untouched settings. */
  applyBurstDefaults(defaults: Partial<BurstSettings>): void;
  serverChannelz?: ServerChannelzView;
  /** By channel key: how many calls the server channelz queries made on that channel (they count in its counters). */
  channelzQueryCalls: Readonly<Record<string, number>>;
  startBurst(request: Omit<BurstRequest, 'burstId'>): Promise<void>;
  cancelBurst(): void;
  queryServerChannelz(connection: ConnectionOptions): Promise<void>;
  /** The lab scenario last started from the picker. */
  scenario: Loadable<LabScenarioRun>;
  /**
   * Starts a lab scenario's own lab and sets the workbench up to tell its story: the active tab aims
   * at the scenario's target, connects, picks its method and request, and the burst form takes the
   * scenario's settings — Run burst is all that is left.
   */
  startScenario(name: string): Promise<void>;
}

export function createLensSlice({ set, get, client, newId, onDispose }: SliceContext): LensSlice {
  // The running burst's client-chosen id, known before startBurst is sent, so its events are ours from the first.
  let burstId: string | undefined;
  let latestQuery = 0;

  const apply = (event: BurstEvent): void => {
    if (event.type === 'burst-end') {
      burstId = undefined;
      const { connections } = get().burst;
      set({
        burst: {
          running: false,
          report: event.report,
          ...(connections === undefined ? {} : { connections }),
          ...(event.error ? { error: event.error } : {}),
        },
      });
    } else {
      set({ burst: { ...get().burst, report: event.report } });
    }
  };

  onDispose(
    client.onEvent((event) => {
      if (event.type !== 'burst-progress' && event.type !== 'burst-end') return;
      if (event.burstId === burstId) apply(event);
    }),
  );

  return {
    burstSettings: defaultBurstSettings,
    touchedBurstSettings: new Set(),
    burst: { running: false },
    channelzQueryCalls: {},
    scenario: { status: 'idle' },

    async startScenario(name) {
      set({ scenario: { status: 'loading' } });
      try {
        const run = await client.startLabScenario({ name });
        set({ scenario: { status: 'loaded', value: run } });
        const { burstSettings } = get();
        get().editBurstSettings(settingsFromScenario(burstSettings, run.burst));
        get().setTarget(run.target);
        await get().connect();
        const method = get().methodIndex.get(run.method);
        if (method === undefined) return;
        await get().selectMethod(method);
        get().setRequestText(run.requestJson);
      } catch (error) {
        set({ scenario: { status: 'error', error: toErrorInfo(error) } });
      }
    },

    editBurstSettings(next) {
      const { burstSettings, touchedBurstSettings } = get();
      const touched = new Set(touchedBurstSettings);
      for (const key of Object.keys(next) as (keyof BurstSettings)[])
        if (next[key] !== burstSettings[key]) touched.add(key);
      set({ burstSettings: next, touchedBurstSettings: touched });
    },

    applyBurstDefaults(defaults) {
      const { burstSettings, touchedBurstSettings } = get();
      const next = { ...burstSettings };
      for (const [key, value] of Object.entries(defaults) as [keyof BurstSettings, never][])
        if (!touchedBurstSettings.has(key)) next[key] = value;
      set({ burstSettings: next });
    },

    async startBurst(request) {
      const mine = newId('burst');
      burstId = mine;
      set({
        burst: { running: true, ...(request.connections === undefined ? {} : { connections: request.connections }) },
      });
      try {
        await client.startBurst({ burstId: mine, ...request });
      } catch (failure) {
        if (burstId === mine) {
          burstId = undefined;
          set({ burst: { running: false, error: toErrorInfo(failure) } });
        }
      }
    },

    cancelBurst() {
      if (burstId !== undefined) void client.cancelBurst({ burstId }).catch(() => undefined);
    },

    async queryServerChannelz(connection) {
      const mine = ++latestQuery;
      const key = channelKey(connection);
      set({ serverChannelz: { key, loading: true } });
      try {
        const report = await client.serverChannelz({ connection });
        const { channelzQueryCalls } = get();
        set({
          channelzQueryCalls: { ...channelzQueryCalls, [key]: (channelzQueryCalls[key] ?? 0) + report.queryCalls },
        });
        if (mine === latestQuery) set({ serverChannelz: { key, loading: false, report } });
      } catch (error) {
        if (mine === latestQuery) set({ serverChannelz: { key, loading: false, error: toErrorInfo(error) } });
      }
    },
  };
}

/** The server channelz answer about `connection`'s channel; an answer about another is never shown. */
export const selectServerChannelz =
  (connection: ConnectionOptions) =>
  (state: Pick<LensSlice, 'serverChannelz'>): ServerChannelzView | undefined =>
    state.serverChannelz?.key === channelKey(connection) ? state.serverChannelz : undefined;

/** How many of the counted calls on `connection`'s channel were the server channelz queries' own. */
export const selectChannelzQueryCalls =
  (connection: ConnectionOptions) =>
  (state: Pick<LensSlice, 'channelzQueryCalls'>): number =>
    state.channelzQueryCalls[channelKey(connection)] ?? 0;
