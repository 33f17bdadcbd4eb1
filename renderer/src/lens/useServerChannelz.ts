import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionOptions, WorkbenchErrorData, ServerChannelzReport, WorkbenchClient } from '../../../shared/api';
import { toErrorInfo } from '../state/errorInfo';

export interface ServerChannelzState {
  loading: boolean;
  report?: ServerChannelzReport;
  error?: WorkbenchErrorData;
  query(): void;
}

/** What the last query for one connection gave. */
interface Outcome {
  connectionKey: string;
  loading: boolean;
  report?: ServerChannelzReport;
  error?: WorkbenchErrorData;
}

/**
 * Asks the server for its own channelz view when `query` is called. Only the latest query counts,
 * and only while the connection is the one it asked: an answer about another target is never shown.
 */
export function useServerChannelz(client: WorkbenchClient, connection: ConnectionOptions): ServerChannelzState {
  const connectionKey = JSON.stringify(connection);
  const [outcome, setOutcome] = useState<Outcome>();
  const latestQuery = useRef(0);
  // After unmount, an answer still on its way is dropped.
  useEffect(
    () => () => {
      latestQuery.current += 1;
    },
    [],
  );

  const query = useCallback(() => {
    const queryNumber = ++latestQuery.current;
    const settle = (result: Omit<Outcome, 'connectionKey' | 'loading'>) => {
      if (queryNumber === latestQuery.current) setOutcome({ connectionKey, loading: false, ...result });
    };
    setOutcome({ connectionKey, loading: true });
    client.serverChannelz({ connection: JSON.parse(connectionKey) as ConnectionOptions }).then(
      (report) => settle({ report }),
      (error: unknown) => settle({ error: toErrorInfo(error) }),
    );
  }, [client, connectionKey]);

  const current = outcome?.connectionKey === connectionKey ? outcome : undefined;
  return {
    loading: current?.loading ?? false,
    ...(current?.report ? { report: current.report } : {}),
    ...(current?.error ? { error: current.error } : {}),
    query,
  };
}
