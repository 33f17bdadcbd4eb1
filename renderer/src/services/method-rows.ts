/**
 * The service tree as a flat list of rows (what a virtualized list renders), filtered by the
 * text in "Filter methods": a method matches when every word of the filter occurs in its path.
 */
import type { MethodSummary, RpcKind, ServiceSummary } from '../../../shared/api';

export type TreeRow =
  | { type: 'service'; service: ServiceSummary; matchingMethods: number; collapsed: boolean }
  | { type: 'method'; service: ServiceSummary; method: MethodSummary };

export function matchesFilter(method: MethodSummary, words: readonly string[]): boolean {
  const haystack = method.path.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export function buildTreeRows(
  services: readonly ServiceSummary[],
  filter: string,
  collapsed: ReadonlySet<string>,
): TreeRow[] {
  const words = filter
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  const rows: TreeRow[] = [];
  for (const service of services) {
    const methods =
      words.length === 0 ? service.methods : service.methods.filter((method) => matchesFilter(method, words));
    if (methods.length === 0) continue;
    // While filtering every match is shown: hiding a hit behind a collapsed service helps nobody.
    const isCollapsed = words.length === 0 && collapsed.has(service.name);
    rows.push({ type: 'service', service, matchingMethods: methods.length, collapsed: isCollapsed });
    if (!isCollapsed) for (const method of methods) rows.push({ type: 'method', service, method });
  }
  return rows;
}

export const kindLabels: Record<RpcKind, string> = {
  unary: 'unary',
  server_streaming: 'server',
  client_streaming: 'client',
  bidi_streaming: 'bidi',
};
