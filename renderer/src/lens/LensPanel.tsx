import { useEffect, useMemo, useRef, useState } from 'react';
import type {
  BurstRequest,
  ConnectionOptions,
  HostInfo,
  MetadataEntry,
  MethodSummary,
  WorkbenchClient,
} from '../../../shared/api';
import { formatBurstReportText, parseBackendList } from '../../../shared/lens';
import { ErrorBanner } from '../components/ErrorBanner';
import { BurstSettingsForm, type BurstSettings } from './BurstSettingsForm';
import { ChannelPanel } from './ChannelPanel';
import { HitMap } from './HitMap';
import { ServerChannelzSection } from './ServerChannelzSection';
import { useBurst } from './useBurst';
import { useChannelWatch } from './useChannelWatch';
import { VerdictBox } from './VerdictBox';
import './lens.css';

export interface LensPanelProps {
  client: WorkbenchClient;
  connection: ConnectionOptions;
  schemaId?: string;
  method?: MethodSummary;
  /** The request editor's metadata (auth tokens, routing headers): every burst call sends it. */
  metadata?: MetadataEntry[];
  /** The request editor's deadline: it bounds every burst call. */
  deadlineMs?: number;
}

/** What a burst takes from the request editor, so it reaches servers that need auth. */
export interface EditorRequestContext {
  metadata?: MetadataEntry[];
  deadlineMs?: number;
}

function initialSettings(connection: ConnectionOptions): BurstSettings {
  return {
    total: 300,
    concurrency: 10,
    connections: 'shared',
    channelCount: 3,
    lbPolicy: connection.loadBalancingPolicy ?? 'pick_first',
    backendKey: '',
    knownBackendsText: '',
    requestJson: '{}',
    ratePerSecond: 0,
    durationSec: 0,
  };
}

/** The demo lab tags every response with x-backend: aimed at the lab, identify backends by it. */
function labDefaults(info: HostInfo, target: string): Partial<BurstSettings> {
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
  editor: EditorRequestContext = {},
): Omit<BurstRequest, 'burstId'> {
  return {
    schemaId,
    method: method.path,
    connection,
    metadata: editor.metadata,
    deadlineMs: editor.deadlineMs,
    requestJson: settings.requestJson,
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

/** The load-balancing lens: burst settings, live hit map, verdict and channel panel. */
export function LensPanel({ client, connection, schemaId, method, metadata, deadlineMs }: LensPanelProps) {
  const [settings, setSettings] = useState(() => initialSettings(connection));
  // Defaults that arrive later (lab info, the method's example) never overwrite what the user typed.
  const touched = useRef(new Set<keyof BurstSettings>());
  const burst = useBurst(client);

  const applyDefaults = (defaults: Partial<BurstSettings>) =>
    setSettings((current) => {
      const next = { ...current };
      for (const [key, value] of Object.entries(defaults) as [keyof BurstSettings, never][]) {
        if (!touched.current.has(key)) next[key] = value;
      }
      return next;
    });

  useEffect(() => {
    let live = true;
    client.hostInfo({}).then(
      (info) => live && applyDefaults(labDefaults(info, connection.target)),
      () => undefined, // host info only refines defaults
    );
    return () => {
      live = false;
    };
  }, [client, connection.target]);

  useEffect(() => {
    if (schemaId === undefined || method === undefined) return;
    let live = true;
    client.describeMethod({ schemaId, method: method.path }).then(
      (description) => live && applyDefaults({ requestJson: JSON.stringify(description.exampleJson ?? {}, null, 2) }),
      () => undefined, // the request stays editable by hand
    );
    return () => {
      live = false;
    };
  }, [client, schemaId, method]);

  const onSettingsChange = (next: BurstSettings) => {
    for (const key of Object.keys(next) as (keyof BurstSettings)[])
      if (next[key] !== settings[key]) touched.current.add(key);
    setSettings(next);
  };

  // The panel watches the very channel a shared-channel burst uses: same options, same pool entry.
  const watchedConnection = useMemo(
    () => ({ ...connection, loadBalancingPolicy: settings.lbPolicy }),
    [connection, settings.lbPolicy],
  );
  const channel = useChannelWatch(client, watchedConnection);

  const canRun = schemaId !== undefined && method !== undefined && !burst.running;
  const run = () => {
    if (schemaId !== undefined && method !== undefined)
      void burst.start(toBurstRequest(settings, connection, schemaId, method, { metadata, deadlineMs }));
  };

  return (
    <div className="lens">
      <div className="lens__layout">
        <div className="lens__controls">
          <p className="lens__method">
            {method ? (
              <>
                Burst <code>{method.path}</code> at <code>{connection.target}</code>
              </>
            ) : (
              'Pick a method to run a burst.'
            )}
          </p>
          <BurstSettingsForm settings={settings} onChange={onSettingsChange} disabled={burst.running} />
          <div className="lens__buttons">
            <button type="button" onClick={run} disabled={!canRun}>
              Run burst
            </button>
            <button type="button" onClick={burst.cancel} disabled={!burst.running}>
              Cancel burst
            </button>
            <button
              type="button"
              disabled={burst.report === undefined}
              onClick={() => burst.report && void navigator.clipboard?.writeText(formatBurstReportText(burst.report))}
            >
              Copy report
            </button>
          </div>
          {burst.error !== undefined ? <ErrorBanner error={burst.error} /> : null}
        </div>
        <div className="lens__results">
          <VerdictBox report={burst.report} running={burst.running} />
          <HitMap report={burst.report} running={burst.running} />
          <ChannelPanel snapshot={channel.snapshot} error={channel.error}>
            <ServerChannelzSection client={client} connection={watchedConnection} />
          </ChannelPanel>
        </div>
      </div>
    </div>
  );
}
