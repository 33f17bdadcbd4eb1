import type { BackendStats, BurstRequestParsed, LbPolicy, Verdict } from '../api';
import { parseStatusCode, statusInfo } from '../status-codes';

/** How the burst was run: what the verdict needs to explain *why* calls landed where they did. */
export interface BurstSetup {
  target: string;
  connections: BurstRequestParsed['connections'];
  lbPolicy: LbPolicy;
  /** The addresses the target resolved to (peer-address form); undefined when unknown (unix socket, lookup failed). */
  resolvedAddresses?: readonly string[];
  /** Set when backends are named by a response header/trailer instead of their address. */
  backendKey?: string;
  /** Set when the burst went through port-forwards (a k8s:// target, or the local address of a forward). */
  forward?: BurstForward;
}

/** How a burst reached a cluster: backends are then named by their pods. */
export interface BurstForward {
  /** single: one forward, so one pod; per-pod: one forward per Ready pod, round_robin over them. */
  mode: 'single' | 'per-pod';
  /** single: the pod the forward carried the calls to. */
  pod?: string;
  /** The k8s:// target a per-pod burst would use, when the forward is to a Service. */
  k8sTarget?: string;
}

export interface VerdictInput {
  calls: number;
  ok: number;
  /** Failed calls by status code name. */
  errors: Readonly<Record<string, number>>;
  backends: readonly BackendStats[];
  /** How many transport connections (subchannels) carried the burst's calls. */
  connectionsUsed: number;
  /** How many channels the burst used; equal to connectionsUsed when absent. */
  channelsUsed?: number;
  setup: BurstSetup;
}

/** A backend's share may differ from an even split by this fraction of it and still count as balanced. */
export const SKEW_TOLERANCE = 0.2;
/** Most calls failing makes the burst failing, whatever their spread. */
export const FAILING_CALL_RATIO = 0.5;
/** A backend failing at least this ratio of its calls, if they are a noticeable part of the burst, makes it failing. */
export const FAILING_BACKEND_RATIO = 0.5;
export const FAILING_BACKEND_MIN_SHARE = 0.05;

/** What happened, why, and the fix — in one paragraph a person can paste into an incident channel. */
export function judgeBurst(input: VerdictInput): Verdict {
  if (input.calls === 0) {
    return {
      kind: 'failing',
      text: 'No call completed, so there is nothing to judge yet: run the burst again and let some calls finish.',
    };
  }
  const failing = judgeFailing(input);
  if (failing) return failing;

  const served = input.backends.filter((b) => b.hits > 0);
  if (input.setup.forward?.mode === 'single') return pinnedByForward(input, served, input.setup.forward);
  const candidates = input.backends.filter((b) => b.hits > 0 || b.known || b.errors > 0);
  const leftOut = candidates.filter((b) => b.hits === 0);
  const situation = describeSituation(input);

  const lone = served.length === 1 ? (served[0] as BackendStats) : undefined;
  if (lone !== undefined && situation.manyConnections && namesTargetItself(input.setup, lone))
    return indistinguishable(input, lone, situation);
  if (lone !== undefined) return pinned(input, lone, leftOut, situation);
  const fairHits = input.ok / candidates.length;
  const slack = Math.max(1, SKEW_TOLERANCE * fairHits);
  const even = candidates.every((b) => Math.abs(b.hits - fairHits) <= slack);
  const verdict = even ? balanced(input, candidates, situation) : skewed(input, candidates, leftOut, situation);
  return withLatencyOutliers(verdict, served);
}

/** A backend whose median latency is this many times the others' median is called out. */
export const LATENCY_OUTLIER_RATIO = 5;
/** …and at least this much slower, so 0.1 ms against 0.6 ms is not news. */
export const LATENCY_OUTLIER_MIN_MS = 20;

/**
 * An even spread can hide a backend that answers far slower than the others (a sick pod that
 * still passes its health check): its users feel it on every call it gets. The verdict keeps its
 * kind and says so.
 */
function withLatencyOutliers(verdict: Verdict, served: readonly BackendStats[]): Verdict {
  if (served.length < 2) return verdict;
  const notes = served.flatMap((backend) => {
    const others = served.filter((other) => other !== backend).map((other) => other.p50Ms);
    const typical = median(others);
    const slow = backend.p50Ms >= LATENCY_OUTLIER_RATIO * typical && backend.p50Ms - typical >= LATENCY_OUTLIER_MIN_MS;
    return slow
      ? [
          `${backend.id} is a latency outlier: p50 ${formatMs(backend.p50Ms)} ms against ${formatMs(typical)} ms for the others` +
            (typical > 0 ? ` (${Math.round(backend.p50Ms / typical)}×)` : '') +
            ', so every call it gets is slow — look at that backend (load, GC, a slow dependency); outlier detection in a mesh would eject it.',
        ]
      : [];
  });
  return notes.length === 0 ? verdict : { ...verdict, text: `${verdict.text} ${notes.join(' ')}` };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function formatMs(ms: number): string {
  return ms >= 10 ? ms.toFixed(0) : ms.toFixed(1);
}

interface Situation {
  resolvedCount: number | undefined;
  /** More than one connection: per-call channels or K channels. */
  manyConnections: boolean;
  perCall: boolean;
  connectionsText: string;
}

function describeSituation(input: VerdictInput): Situation {
  const perCall = input.setup.connections === 'per-call';
  const n = input.connectionsUsed;
  const channels = input.channelsUsed ?? n;
  let connectionsText = plural(n, 'connection');
  if (perCall) connectionsText = `a new connection per call (${n} connections)`;
  else if (channels !== n) connectionsText = `${plural(channels, 'channel')} with ${plural(n, 'connection')}`;
  return { resolvedCount: input.setup.resolvedAddresses?.length, manyConnections: n > 1, perCall, connectionsText };
}

/**
 * With the peer address as identity, a backend whose id is the target's own single address is the
 * virtual IP (or proxy) the calls went through, not a pod: the peer address cannot tell pods apart.
 */
function namesTargetItself(setup: BurstSetup, backend: BackendStats): boolean {
  if (setup.backendKey !== undefined) return false;
  const resolved = setup.resolvedAddresses;
  return backend.id === setup.target || (resolved?.length === 1 && resolved[0] === backend.id);
}

const BACKEND_KEY_HINT =
  'Name backends by a response header or trailer the server sets ({{backendKey}}, e.g. x-backend, hostname or x-pod-name) ' +
  'and declare the values you expect ({{knownBackends}}) to see which ones get nothing.';

/**
 * Several connections all reached "the same backend" — the target's own address. Pinned would be a
 * guess: the balancer behind the address may well have spread them. No kind says "unknown", and the
 * VerdictKind union is part of the JSON contract, so this is reported as skewed (look closer, not a
 * failure) with a text that says plainly what cannot be told and how to tell.
 */
function indistinguishable(input: VerdictInput, backend: BackendStats, s: Situation): Verdict {
  const what =
    `Cannot tell backends apart: all ${backend.hits} successful calls show the peer address ${backend.id}, the target's own address, ` +
    `over ${s.connectionsText}.${failedSentence(input)}`;
  const why =
    'That address belongs to what sits in front of the backends (an L4 virtual IP, a proxy or a port-forward), so it hides which backend ' +
    `answered: the connections may have been spread or not. ${BACKEND_KEY_HINT}`;
  return { kind: 'skewed', text: `${what} ${why}` };
}

/**
 * Through one port-forward every connection goes to the pod the forward is on, so a pinned result
 * is the forward's doing, whatever the Service would do: say so, and offer the per-pod burst.
 */
function pinnedByForward(input: VerdictInput, served: readonly BackendStats[], forward: BurstForward): Verdict {
  const pod = forward.pod ?? served[0]?.id ?? 'one pod';
  const spread =
    served.length > 1
      ? `${input.ok} of ${input.calls} calls went to ${listShares(served)} (the forward moved to another pod during the burst)`
      : `${input.ok} of ${input.calls} calls went to pod ${pod}`;
  const offer =
    forward.k8sTarget === undefined
      ? 'To see how calls spread over the pods, burst a k8s:// target per pod ({{forwardMode}} per-pod): one forward per Ready pod, round_robin over them.'
      : `To see how calls spread over the pods, burst per pod ({{forwardMode}} per-pod on ${forward.k8sTarget}): one forward per Ready pod, round_robin over them.`;
  return {
    kind: 'pinned',
    text:
      `Pinned by the port-forward: ${spread}.${failedSentence(input)} ` +
      `A port-forward carries every connection to one pod (${pod}); this says nothing about how the Service balances in the cluster. ${offer}`,
  };
}

function pinned(input: VerdictInput, backend: BackendStats, leftOut: readonly BackendStats[], s: Situation): Verdict {
  const { setup } = input;
  const what =
    `Pinned: ${backend.hits} of ${input.calls} calls went to ${backend.id} over ${s.connectionsText}` +
    (leftOut.length > 0 ? `; ${plural(leftOut.length, 'known backend')} got none (${listIds(leftOut)})` : '') +
    '.' +
    failedSentence(input);
  let why: string;
  if (s.resolvedCount !== undefined && s.resolvedCount > 1 && setup.lbPolicy === 'pick_first') {
    why =
      `The target resolves to ${s.resolvedCount} addresses, but pick_first sends everything to the first address that connects. ` +
      'Use round_robin ({{lbPolicy}} round_robin, or "loadBalancingPolicy": "round_robin" in the service config).';
  } else if (s.resolvedCount !== undefined && s.resolvedCount > 1) {
    why =
      `round_robin had ${s.resolvedCount} addresses, but only ${backend.id} served calls: the other subchannels were not READY ` +
      '(refused, failing TLS or health). Check their states in the channel panel.';
  } else if (s.manyConnections) {
    why =
      `Even over ${plural(input.connectionsUsed, 'separate connection')} every call reached the same backend: the balancer in front of ` +
      `${setup.target} has only one ready endpoint, or keeps session affinity (e.g. sessionAffinity: ClientIP). ` +
      "Check the endpoints (kubectl get endpoints) and the Service's affinity.";
  } else {
    const address = s.resolvedCount === 1 ? `a single address (${setup.resolvedAddresses?.[0]})` : 'one connection';
    why =
      `The target resolves to ${address} — typically an L4 virtual IP (a ClusterIP Service, a cloud L4 load balancer) or a kubectl port-forward. ` +
      'An L4 Service balances connections, not requests, and gRPC sends every call over one long-lived HTTP/2 connection, so all of them ' +
      'reach the backend that won the connection; new backends get nothing until connections churn. ' +
      'Use a headless Service (clusterIP: None) + round_robin, or a mesh / L7 proxy (Envoy, Istio, Linkerd) that balances per request.';
    if (namesTargetItself(setup, backend)) {
      // Declaring pod IPs would not help: every call still shows the virtual IP as its peer.
      why += ` ${BACKEND_KEY_HINT}`;
    } else if (input.backends.length === 1) {
      why +=
        ' Declare the backends you expect ({{knownBackends}}, e.g. from kubectl get endpoints) to see which ones are left out.';
    }
  }
  return { kind: 'pinned', text: `${what} ${why}` };
}

function balanced(input: VerdictInput, candidates: readonly BackendStats[], s: Situation): Verdict {
  const what = `Balanced: ${input.ok} calls spread evenly over ${plural(candidates.length, 'backend')} (${listShares(candidates)}) using ${s.connectionsText}.${failedSentence(input)}`;
  let why: string;
  if (input.setup.lbPolicy === 'round_robin' && s.resolvedCount !== undefined && s.resolvedCount > 1) {
    why = `round_robin keeps a subchannel to each of the ${s.resolvedCount} addresses the target resolves to and rotates calls over them — the client-side fix at work.`;
  } else if (s.perCall) {
    why =
      'Each call opened its own connection, so the balancer spread connections — and calls with them. A production client keeps one ' +
      'channel and would be pinned, and a connection per call pays a handshake every time: make the Service headless + round_robin, or use a mesh.';
  } else if (s.manyConnections) {
    why =
      `Calls follow connections, and the balancer spread the ${input.connectionsUsed} connections evenly. A client with one channel would be ` +
      'pinned: make the Service headless + round_robin, or use a mesh.';
  } else {
    why = `One connection, yet ${candidates.length} backends served calls: a proxy in front of the target (an L7 proxy or mesh) balances per request. Nothing to fix.`;
  }
  return { kind: 'balanced', text: `${what} ${why}` };
}

function skewed(
  input: VerdictInput,
  candidates: readonly BackendStats[],
  leftOut: readonly BackendStats[],
  s: Situation,
): Verdict {
  const evenShare = input.ok / candidates.length / input.calls;
  const what =
    `Skewed: ${input.ok} calls spread unevenly over ${plural(candidates.length, 'backend')} (${listShares(candidates)}; an even split is ${percent(evenShare)} each)` +
    (leftOut.length > 0 ? `; ${plural(leftOut.length, 'known backend')} got none (${listIds(leftOut)})` : '') +
    '.' +
    failedSentence(input);
  const resolved = new Set(input.setup.resolvedAddresses ?? []);
  const roundRobinOverList =
    input.setup.lbPolicy === 'round_robin' && s.resolvedCount !== undefined && s.resolvedCount > 1;
  let why: string;
  // Only address ids can be compared with the resolved addresses.
  if (
    roundRobinOverList &&
    input.setup.backendKey === undefined &&
    input.setup.forward === undefined &&
    leftOut.some((b) => !resolved.has(b.id))
  ) {
    const unresolved = leftOut.filter((b) => !resolved.has(b.id));
    why =
      `round_robin only rotates over the addresses the resolver returned, and ${listIds(unresolved)} ` +
      `${unresolved.length === 1 ? 'is' : 'are'} not among them: a backend added after the last resolution (the DNS resolver re-resolves only now and then) or one that is not ready. ` +
      'Check the endpoints; a new channel resolves again.';
  } else if (roundRobinOverList) {
    why =
      'round_robin rotates evenly over READY subchannels; uneven shares mean some were not READY for part of the burst (refused, reconnecting, ' +
      "failing TLS or health). Check the channel panel's timeline and subchannel states.";
  } else if (s.manyConnections) {
    why =
      `Calls follow connections, and the balancer placed the ${input.connectionsUsed} connections unevenly over the backends` +
      (leftOut.length > 0 ? ' (the ones that got none received no connection)' : '') +
      '. For per-request balancing use a headless Service + round_robin, or a mesh.';
  } else {
    why =
      'A proxy in front of the target spreads calls unevenly (weights, locality, outlier ejection, or backends that joined late). ' +
      'Check its balancing settings and the health of the backends with the smallest shares.';
  }
  return { kind: 'skewed', text: `${what} ${why}` };
}

function judgeFailing(input: VerdictInput): Verdict | undefined {
  const failed = input.calls - input.ok;
  const failingBackends = input.backends.filter(
    (b) =>
      b.errors >= FAILING_BACKEND_RATIO * (b.hits + b.errors) &&
      b.errors >= FAILING_BACKEND_MIN_SHARE * input.calls &&
      b.errors > 0,
  );
  if (failed < FAILING_CALL_RATIO * input.calls && failingBackends.length === 0) return undefined;

  const codes = Object.entries(input.errors).sort((a, b) => b[1] - a[1]);
  const what = `Failing: ${failed} of ${input.calls} calls failed (${codes.map(([code, n]) => `${code} ${n}`).join(', ')}).`;
  const topCode = codes[0]?.[0] ?? 'UNKNOWN';
  const meaning = statusInfo(parseStatusCode(topCode) ?? 2);
  const explainCode = `${topCode}: ${meaning.meaning} ${meaning.retryText}`;

  const healthy = input.backends.filter((b) => b.hits > 0 && !failingBackends.includes(b));
  const attributed = input.backends.reduce((sum, b) => sum + b.errors, 0);
  let fix: string;
  if (failingBackends.length > 0 && healthy.length > 0) {
    const details = failingBackends
      .map((b) => `${b.id} failed ${b.errors} of the ${b.hits + b.errors} calls it got`)
      .join('; ');
    fix =
      `${details}, while ${listIds(healthy)} answered OK. Take the failing backend out of rotation: fix it, or let health checking ` +
      '(a readiness probe, grpc.health.v1 with the client health-check config) remove it — round_robin keeps sending it its share until then.';
  } else if (attributed === 0 && input.setup.backendKey !== undefined) {
    const key = input.setup.backendKey;
    fix =
      `No backend answered these calls with the ${key} header or trailer, so none can be named: they ended before a backend answered ` +
      `(the connection, TLS, or a deadline too short), or the server does not set ${key}.`;
  } else if (attributed === 0) {
    fix =
      'No backend answered these calls: the connection itself failed. Check the target, that something listens there, TLS, and the deadline.';
  } else if (CLIENT_FAULT_CODES.has(topCode)) {
    // The server refused the request itself: the fix is on the caller's side, whichever backend said it.
    fix =
      `Every backend that answered refused the request itself (${listIds(input.backends.filter((b) => b.errors > 0))}): ` +
      `${topCode} is about what the call sends, not about balancing. Fix the request (its JSON, metadata or credentials) and run the burst again.`;
  } else {
    fix = `The backends answered with errors (${listIds(input.backends.filter((b) => b.errors > 0))}): look at the server side first.`;
  }
  return { kind: 'failing', text: `${what} ${explainCode} ${fix}` };
}

/** Status codes that blame the request or the caller, not the server. */
const CLIENT_FAULT_CODES: ReadonlySet<string> = new Set([
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'UNAUTHENTICATED',
  'FAILED_PRECONDITION',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
]);

function failedSentence(input: VerdictInput): string {
  const failed = input.calls - input.ok;
  if (failed === 0) return '';
  const codes = Object.entries(input.errors).map(([code, n]) => `${code} ${n}`);
  return ` ${failed} failed (${codes.join(', ')}).`;
}

const MAX_LISTED = 6;

function listIds(backends: readonly BackendStats[]): string {
  return limitList(backends.map((b) => b.id));
}

function listShares(backends: readonly BackendStats[]): string {
  return limitList(backends.map((b) => `${b.id} ${percent(b.share)}`));
}

function limitList(items: readonly string[]): string {
  if (items.length <= MAX_LISTED) return items.join(', ');
  return `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more`;
}

/** 0.5 → "50%", 1/3 → "33.3%". */
export function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
