/**
 * The renderer's page as a host serves it: with its start state (shared/api/start-state.ts) — the
 * host info and the workspace the host keeps — so the page's first render needs no round trip
 * (issue 14, UI start). Both hosts serve index.html through this.
 */
import type { HostInfo, WorkspaceLoadResult } from '../../shared/api';
import { pageWithStartState } from '../../shared/api';

export interface StartPageSource {
  hostInfo: HostInfo;
  /** The host's kept workspace (`loadWorkspace`); absent when the host keeps none. */
  loadWorkspace?: () => Promise<WorkspaceLoadResult>;
}

/**
 * Reads the workspace at the moment the page is asked for (another tab may have saved since).
 * Reading it failed: the page gets the host info only and asks `loadWorkspace` itself, so it
 * reports that failure (and keeps no edits) exactly as without a start state.
 */
export async function renderStartPage(html: string, { hostInfo, loadWorkspace }: StartPageSource): Promise<string> {
  const workspace = await loadWorkspace?.().catch(() => undefined);
  return pageWithStartState(html, { hostInfo, ...(workspace === undefined ? {} : { workspace }) });
}
