/**
 * What a host writes into the page it serves, so the page's first render needs no round trip
 * (issue 14, UI start): its host info and the workspace it keeps (the answers `hostInfo` and
 * `loadWorkspace` would give). It travels as the text of a `<script type="application/json">`,
 * which the browser never runs (so the page's CSP needs no change) and the page reads once.
 */
import type { HostInfo } from './host';
import type { WorkspaceLoadResult } from './workspace';

export interface StartState {
  hostInfo: HostInfo;
  /** Absent when the host keeps no workspace or could not read it: the page then asks `loadWorkspace`. */
  workspace?: WorkspaceLoadResult;
}

export const startStateElementId = 'workbench-start-state';

/**
 * JSON that is safe as the text of a script element: `<` (so neither `</script>` nor `<!--` can end
 * or bend the element), `>`, `&` and the line separators U+2028 / U+2029 are written as `\u` escapes,
 * which JSON.parse reads back as the same characters.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The page with the start state as its head's last element (or at its end when it has no `</head>`):
 * the page's module scripts run once the whole document is parsed, so they find it either way.
 */
export function pageWithStartState(html: string, state: StartState): string {
  const element = `<script type="application/json" id="${startStateElementId}">${scriptSafeJson(state)}</script>\n`;
  const headEnd = html.indexOf('</head>');
  return headEnd < 0 ? `${html}${element}` : `${html.slice(0, headEnd)}${element}${html.slice(headEnd)}`;
}

/** The start state from the element's text; undefined when there is none or it is not one (the page then asks the host). */
export function parseStartState(text: string | null | undefined): StartState | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<StartState> | null;
    if (typeof value !== 'object' || value === null || typeof value.hostInfo?.host !== 'string') return undefined;
    const workspace = typeof value.workspace === 'object' && value.workspace !== null ? value.workspace : undefined;
    return { hostInfo: value.hostInfo, ...(workspace ? { workspace } : {}) };
  } catch {
    return undefined;
  }
}
