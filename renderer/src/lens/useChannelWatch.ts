import { useEffect, useState } from 'react';
import type { ChannelSnapshot, ConnectionOptions, WorkbenchClient } from '../../../shared/api';

export interface ChannelWatchState {
  snapshot?: ChannelSnapshot;
  error?: string;
}

/** Watches the pooled channel for `connection` while mounted; re-watches when the connection changes. */
export function useChannelWatch(client: WorkbenchClient, connection: ConnectionOptions): ChannelWatchState {
  const [state, setState] = useState<ChannelWatchState>({});
  // The effect depends on the connection's content, not on the object's identity.
  const connectionKey = JSON.stringify(connection);
  useEffect(() => {
    let watchId: string | undefined;
    let disposed = false;
    const stopListening = client.onEvent((event) => {
      if (event.type === 'channel-state' && event.watchId === watchId) setState({ snapshot: event.snapshot });
    });
    client
      .watchChannel({ watchId: crypto.randomUUID(), connection: JSON.parse(connectionKey) as ConnectionOptions })
      .then(
        (result) => {
          if (disposed) {
            void client.unwatchChannel({ watchId: result.watchId });
            return;
          }
          watchId = result.watchId;
          setState({ snapshot: result.snapshot });
        },
        (error: unknown) => {
          if (!disposed) setState({ error: (error as { message?: string }).message ?? String(error) });
        },
      );
    return () => {
      disposed = true;
      stopListening();
      if (watchId !== undefined) void client.unwatchChannel({ watchId });
    };
  }, [client, connectionKey]);
  return state;
}
