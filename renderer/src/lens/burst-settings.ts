/**
 * The burst form's settings, their defaults, and the one translation into the contract's
 * BurstRequest (with what the burst takes from the request editor).
 */
import type {
  BurstRequest,
  ConnectionOptions,
  HostInfo,
  LabScenarioRun,
  LbPolicy,
  MetadataEntry,
  MethodSummary,
} from '../../../shared/api';
import { parseBackendList } from '../../../shared/lens';

export interface BurstSettings {
  total: number;
  concurrency: number;
  connections: 'shared' | 'per-call' | 'k';
  /** K, when connections is 'k'. */
  channelCount: number;
  lbPolicy: LbPolicy;
  backendKey: string;
  knownBackendsText: string;
  /** 0 = no limit. */
  ratePerSecond: number;
  /** 0 = until all calls are made; otherwise the burst also stops after this many seconds. */
  durationSec: number;
}

/**
 * What a burst takes from the request editor: the request itself (one request, two ways to send
 * it — the burst never keeps a body of its own), and the metadata and deadline, so it reaches
 * servers that need auth and times out like the single call.
 */
export interface EditorRequestContext {
  requestJson: string;
  metadata?: MetadataEntry[];
  deadlineMs?: number;
}

export const defaultBurstSettings: BurstSettings = {
  total: 300,
  concurrency: 10,
  connections: 'shared',
  channelCount: 3,
  lbPolicy: 'pick_first',
  backendKey: '',
  knownBackendsText: '',
  ratePerSecond: 0,
  durationSec: 0,
};

/** The demo lab tags every response with x-backend: aimed at the lab, identify backends by it. */
export function labDefaults(info: HostInfo, target: string): Partial<BurstSettings> {
  const lab = info.lab;
  if (lab === undefined) return {};
  const aimsAtLab =
    target === lab.target ||
    target === lab.proxyTarget ||
    lab.backends.some((backend) => target.includes(backend.address));
  return aimsAtLab
    ? { backendKey: 'x-backend', knownBackendsText: lab.backends.map((backend) => backend.name).join('\n') }
    : {};
}

export function toBurstRequest(
  settings: BurstSettings,
  connection: ConnectionOptions,
  schemaId: string,
  method: MethodSummary,
  editor: EditorRequestContext,
): Omit<BurstRequest, 'burstId'> {
  return {
    schemaId,
    method: method.path,
    connection,
    metadata: editor.metadata,
    deadlineMs: editor.deadlineMs,
    requestJson: editor.requestJson,
    total: settings.total,
    concurrency: settings.concurrency,
    connections: settings.connections === 'k' ? settings.channelCount : settings.connections,
    lbPolicy: settings.lbPolicy,
    backendKey: settings.backendKey.trim() || undefined,
    knownBackends: parseBackendList(settings.knownBackendsText),
    ratePerSecond: settings.ratePerSecond > 0 ? settings.ratePerSecond : undefined,
    // With both set, whichever runs out first ends the burst.
    durationMs: settings.durationSec > 0 ? settings.durationSec * 1000 : undefined,
  };
}

/** The form holding a lab scenario's burst settings (the rest as they were; no rate limit or duration unless it sets one). */
export function settingsFromScenario(base: BurstSettings, burst: LabScenarioRun['burst']): BurstSettings {
  const { connections } = burst;
  return {
    ...base,
    ...(burst.total === undefined ? {} : { total: burst.total }),
    ...(burst.concurrency === undefined ? {} : { concurrency: burst.concurrency }),
    ...(connections === undefined
      ? {}
      : typeof connections === 'number'
        ? { connections: 'k', channelCount: connections }
        : { connections }),
    ...(burst.lbPolicy === undefined ? {} : { lbPolicy: burst.lbPolicy }),
    backendKey: burst.backendKey ?? '',
    knownBackendsText: (burst.knownBackends ?? []).join('\n'),
    ratePerSecond: burst.ratePerSecond ?? 0,
    durationSec: 0,
  };
}
