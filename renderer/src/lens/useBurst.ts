import { useCallback, useEffect, useRef, useState } from 'react';
import type { BurstEvent, BurstReport, BurstRequest, WorkbenchErrorData, WorkbenchClient } from '../../../shared/api';
import { toErrorInfo } from '../state/errorInfo';

export interface BurstState {
  running: boolean;
  report?: BurstReport;
  /** Why the burst could not start, or why it stopped early (its report then holds what was counted). */
  error?: WorkbenchErrorData;
  start(request: Omit<BurstRequest, 'burstId'>): Promise<void>;
  cancel(): void;
}

/**
 * Runs one burst at a time and follows its events. Events can arrive before startBurst's answer
 * names the burst, so the latest event of every burst is kept until we know which one is ours.
 */
export function useBurst(client: WorkbenchClient): BurstState {
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<BurstReport>();
  const [error, setError] = useState<WorkbenchErrorData>();
  const burstIdRef = useRef<string | undefined>(undefined);
  const earlyEvents = useRef(new Map<string, BurstEvent>());

  const apply = useCallback((event: BurstEvent) => {
    setReport(event.report);
    if (event.type === 'burst-end') {
      setRunning(false);
      burstIdRef.current = undefined;
      if (event.error) setError(event.error);
    }
  }, []);

  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type !== 'burst-progress' && event.type !== 'burst-end') return;
        if (event.burstId === burstIdRef.current) apply(event);
        else if (burstIdRef.current === undefined) earlyEvents.current.set(event.burstId, event);
      }),
    [client, apply],
  );

  // A burst still running when the panel goes away is cancelled: nobody would see its result.
  useEffect(
    () => () => {
      if (burstIdRef.current !== undefined) void client.cancelBurst({ burstId: burstIdRef.current });
    },
    [client],
  );

  const start = useCallback(
    async (request: Omit<BurstRequest, 'burstId'>) => {
      setError(undefined);
      setReport(undefined);
      setRunning(true);
      earlyEvents.current.clear();
      try {
        const { burstId } = await client.startBurst({ ...request, burstId: crypto.randomUUID() });
        burstIdRef.current = burstId;
        const early = earlyEvents.current.get(burstId);
        earlyEvents.current.clear();
        if (early) apply(early);
      } catch (failure) {
        setRunning(false);
        setError(toErrorInfo(failure));
      }
    },
    [client, apply],
  );

  const cancel = useCallback(() => {
    if (burstIdRef.current !== undefined) void client.cancelBurst({ burstId: burstIdRef.current });
  }, [client]);

  return { running, report, error, start, cancel };
}
