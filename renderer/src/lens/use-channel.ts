import { useEffect } from 'react';
import type { ConnectionOptions } from '../../../shared/api';
import { useWorkbench, useWorkbenchStore } from '../app/WorkbenchContext';
import { channelKey, selectChannel, type ChannelView } from '../connection/channels-slice';

/** Holds the store's watch of `connection`'s channel while mounted; re-acquires when it changes. */
export function useChannel(connection: ConnectionOptions): ChannelView | undefined {
  const store = useWorkbenchStore();
  // The effect depends on the connection's content, not on the object's identity.
  const key = channelKey(connection);
  useEffect(() => store.getState().acquireChannel(JSON.parse(key) as ConnectionOptions), [store, key]);
  return useWorkbench(selectChannel(connection));
}
