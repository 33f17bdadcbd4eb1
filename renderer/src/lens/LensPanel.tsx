import { useEffect, useId, useMemo } from 'react';
import type { ConnectionOptions, MetadataEntry, MethodSummary } from '../../../shared/api';
import { formatBurstReportText } from '../../../shared/lens';
import { useWorkbench, useWorkbenchStore } from '../app/WorkbenchContext';
import { selectRequestText } from '../request/request-slice';
import { ErrorBanner } from '../ui/ErrorBanner';
import { labDefaults, toBurstRequest } from './burst-settings';
import { selectChannelzQueryCalls } from './lens-slice';
import { BurstSettingsForm } from './BurstSettingsForm';
import { K8sServiceCheck } from '../cluster/K8sServiceCheck';
import { ChannelPanel } from './ChannelPanel';
import { HitMap } from './HitMap';
import { ServerChannelzSection } from './ServerChannelzSection';
import { useChannel } from './use-channel';
import { VerdictBox } from './VerdictBox';
import './lens.css';

export interface LensPanelProps {
  connection: ConnectionOptions;
  schemaId?: string;
  method?: MethodSummary;
  /** The request editor's metadata (auth tokens, routing headers): every burst call sends it. */
  metadata?: MetadataEntry[];
  /** The request editor's deadline: it bounds every burst call. */
  deadlineMs?: number;
}

/** The load-balancing lens: burst settings, live hit map, verdict and channel panel. */
export function LensPanel({ connection, schemaId, method, metadata, deadlineMs }: LensPanelProps) {
  const store = useWorkbenchStore();
  const settings = useWorkbench((state) => state.burstSettings);
  const onSettingsChange = useWorkbench((state) => state.editBurstSettings);
  const burst = useWorkbench((state) => state.burst);
  const startBurst = useWorkbench((state) => state.startBurst);
  const cancelBurst = useWorkbench((state) => state.cancelBurst);
  const hostInfo = useWorkbench((state) => state.hostInfo);
  // The burst sends the editor's request: this field is a second view of the same draft body.
  const requestJson = useWorkbench(selectRequestText);
  const setRequestText = useWorkbench((state) => state.setRequestText);
  const requestFieldId = useId();

  const applyDefaults = useWorkbench((state) => state.applyBurstDefaults);

  // The connection's policy and host info refine the defaults; without them the settings stay.
  useEffect(() => {
    applyDefaults({
      lbPolicy: connection.loadBalancingPolicy ?? 'pick_first',
      ...(hostInfo ? labDefaults(hostInfo, connection.target) : {}),
    });
  }, [applyDefaults, hostInfo, connection.target, connection.loadBalancingPolicy]);

  // A burst still running when the panel goes away is cancelled: nobody would see its result.
  useEffect(() => () => store.getState().cancelBurst(), [store]);

  // The panel watches the very channel a shared-channel burst uses: same options, same pool entry.
  const watchedConnection = useMemo(
    () => ({ ...connection, loadBalancingPolicy: settings.lbPolicy }),
    [connection, settings.lbPolicy],
  );
  const channel = useChannel(watchedConnection);
  const queryCalls = useWorkbench(selectChannelzQueryCalls(watchedConnection));

  const canRun = schemaId !== undefined && method !== undefined && !burst.running;
  const run = () => {
    if (schemaId !== undefined && method !== undefined)
      void startBurst(toBurstRequest(settings, connection, schemaId, method, { requestJson, metadata, deadlineMs }));
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
          <div className="lens-field lens-field--wide">
            <label htmlFor={requestFieldId}>Request JSON (the editor’s request, sent by every call)</label>
            <textarea
              id={requestFieldId}
              rows={3}
              spellCheck={false}
              value={requestJson}
              disabled={burst.running}
              onChange={(e) => setRequestText(e.target.value)}
            />
          </div>
          <div className="lens__buttons">
            <button type="button" onClick={run} disabled={!canRun}>
              Run burst
            </button>
            <button type="button" onClick={cancelBurst} disabled={!burst.running}>
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
          <K8sServiceCheck target={connection.target} />
          <ChannelPanel
            snapshot={channel?.snapshot}
            error={channel?.error?.message}
            queryCalls={queryCalls}
            burstConnections={burst.connections}
          >
            <ServerChannelzSection connection={watchedConnection} />
          </ChannelPanel>
        </div>
      </div>
    </div>
  );
}
