/**
 * Live channel watches, one per pooled channel however many views show it: the connection bar's
 * state badge and the lens's channel panel acquire the watch of their connection and release it
 * when they no longer show it; the last release unwatches.
 */
import type { ChannelSnapshot, ConnectionOptions, WorkbenchErrorData } from '../../../shared/api';
import { toErrorInfo } from '../ui/error-info';
import type { SliceContext } from '../store/slice';

export interface ChannelView {
  watchId?: string;
  snapshot?: ChannelSnapshot;
  /** Watching failed: the views say so instead of showing a stale state. */
  error?: WorkbenchErrorData;
}

export interface ChannelsSlice {
  /** By channelKey(connection). */
  channels: Readonly<Record<string, ChannelView>>;
  /** Starts (or joins) the watch of `connection`'s channel; returns the release. */
  acquireChannel(connection: ConnectionOptions): () => void;
}

/** Connections built the same way give the same key (their fields come in the same order). */
export const channelKey = (connection: ConnectionOptions): string => JSON.stringify(connection);

export function createChannelsSlice({ set, get, client, newId, onDispose }: SliceContext): ChannelsSlice {
  // Per key: how many views hold the watch, its id, and whether the host has answered its
  // watchChannel (a release and a new acquire while a request is on its way start a new one).
  const holders = new Map<string, { count: number; watchId: string; answered: boolean }>();

  const update = (key: string, view: ChannelView | undefined): void => {
    const channels = { ...get().channels };
    if (view) channels[key] = view;
    else delete channels[key];
    set({ channels });
  };

  const unwatch = (watchId: string): void => void client.unwatchChannel({ watchId }).catch(() => undefined);

  onDispose(
    client.onEvent((event) => {
      if (event.type !== 'channel-state') return;
      const entry = Object.entries(get().channels).find(([, view]) => view.watchId === event.watchId);
      if (entry) update(entry[0], { ...entry[1], snapshot: event.snapshot });
    }),
  );
  // A watch still starting is unwatched by watch() when its answer comes, so each is unwatched once.
  onDispose(() => {
    for (const holder of holders.values()) if (holder.answered) unwatch(holder.watchId);
    holders.clear();
  });

  const watch = async (key: string, connection: ConnectionOptions): Promise<void> => {
    // The id is ours, so the view knows it before the first channel-state event can arrive.
    const holder = { count: 1, watchId: newId('watch'), answered: false };
    const { watchId } = holder;
    holders.set(key, holder);
    update(key, { watchId });
    const current = () => holders.get(key) === holder;
    try {
      const { snapshot } = await client.watchChannel({ watchId, connection });
      // Released while the watch started: nobody shows it.
      if (!current()) return unwatch(watchId);
      holder.answered = true;
      update(key, { watchId, snapshot });
    } catch (error) {
      if (current()) update(key, { error: toErrorInfo(error) });
    }
  };

  return {
    channels: {},

    acquireChannel(connection) {
      const key = channelKey(connection);
      const held = holders.get(key);
      if (held) held.count++;
      else void watch(key, connection);
      let released = false;
      return () => {
        const holder = holders.get(key);
        if (released || !holder) return;
        released = true;
        if (--holder.count > 0) return;
        holders.delete(key);
        update(key, undefined);
        if (holder.answered) unwatch(holder.watchId);
      };
    },
  };
}

/** The watch of `connection`'s channel, if someone holds it. */
export const selectChannel =
  (connection: ConnectionOptions | undefined) =>
  (state: Pick<ChannelsSlice, 'channels'>): ChannelView | undefined =>
    connection ? state.channels[channelKey(connection)] : undefined;
