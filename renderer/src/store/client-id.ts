/**
 * The ids of calls, bursts, watches, runs, tabs and schema loads are chosen here, by the client (docs/architecture.md
 * "Ids and subscriptions"): a view exists under its id before the host hears of it, so no event can
 * arrive for an id nobody knows. The store takes the generator as an option so tests can name ids.
 */
export type ClientIdKind = 'call' | 'burst' | 'watch' | 'run' | 'tab' | 'schema';

export type NewClientId = (kind: ClientIdKind) => string;

export const randomClientId: NewClientId = () => crypto.randomUUID();

/** `call-1`, `call-2`, `burst-1`, …: predictable ids for tests. */
export function sequentialClientIds(): NewClientId {
  const next = new Map<ClientIdKind, number>();
  return (kind) => {
    const n = (next.get(kind) ?? 0) + 1;
    next.set(kind, n);
    return `${kind}-${n}`;
  };
}
