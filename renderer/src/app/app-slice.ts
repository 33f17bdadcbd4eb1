/**
 * The window's own state: the theme, and what the host said about itself. The host is asked once,
 * when the store is created — unless it wrote the answer into the page (the start state); the
 * export button and the lens read it from here.
 */
import type { HostInfo, StartState } from '../../../shared/api';
import type { SliceContext } from '../store/slice';

export type Theme = 'light' | 'dark';

export interface AppSlice {
  theme: Theme;
  /** undefined until the host answers, and for good when the host link is down. */
  hostInfo?: HostInfo;
  /** Why the host went away (browser mode: the server stopped); undefined while it is there. */
  hostLost?: string;
  toggleTheme(): void;
}

export interface AppSliceOptions {
  initialTheme?: Theme;
  /** What the host wrote into the page (shared/api/start-state.ts): its host info is not asked for again. */
  startState?: StartState;
}

export function createAppSlice({ set, get, client, onDispose }: SliceContext, options: AppSliceOptions): AppSlice {
  const stopHearing = client.onHostLost?.((reason) => set({ hostLost: reason }));
  if (stopHearing) onDispose(stopHearing);
  const startHostInfo = options.startState?.hostInfo;
  (startHostInfo ? Promise.resolve(startHostInfo) : client.hostInfo({}))
    .then(async (info) => {
      set({ hostInfo: info });
      // `npm start` / `serve --lab`: open on the lab's L4 proxy (one plain address, like a
      // ClusterIP Service — the load-balancing lens shows it pinning), already connected, unless
      // the user has typed a target or connected meanwhile — or a kept tab came back with its own.
      await get().whenWorkspaceRestored();
      const { draft, schema } = get();
      if (info.lab && (draft.target ?? '') === '' && schema.status === 'idle') {
        get().setTarget(info.lab.proxyTarget);
        void get().connect();
      }
    })
    .catch(() => undefined); // only when the host link is down; export and lab defaults then stay off

  return {
    theme: options.initialTheme ?? 'light',
    ...(startHostInfo ? { hostInfo: startHostInfo } : {}),
    toggleTheme() {
      set({ theme: get().theme === 'dark' ? 'light' : 'dark' });
    },
  };
}

/** Which host serves the UI: decides how "export all messages" saves the file. */
export const selectHostKind = (state: { hostInfo?: HostInfo }): HostInfo['host'] | undefined => state.hostInfo?.host;
