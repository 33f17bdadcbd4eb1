import { randomUUID } from 'node:crypto';
import type { ForwardSnapshot, OpenForwardParams, WorkbenchEvent } from '../../../shared/api';
import { followEvents } from '../../../shared/api';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes';
import { formatErrorInfo } from '../failure';
import { parseKubeArgs, parseResourceArg } from '../kube-args';
import { forwardUsage } from '../usage';
import { UsageError } from '../usage-error';
import type { CommandContext } from './context';

/** `forward …` as the engine's openForward params (kubectl port-forward's arguments, plus --per-pod). */
export function parseForwardArgs(argv: readonly string[]): Omit<OpenForwardParams, 'forwardId'> {
  const { kube, values, positionals } = parseKubeArgs(argv, 'forward', {
    selector: { type: 'string', short: 'l' },
    'per-pod': { type: 'boolean' },
  });
  const selector = typeof values.selector === 'string' ? values.selector : undefined;
  const [first, second, ...rest] = positionals;
  const resource = selector === undefined ? first : undefined;
  const ports = selector === undefined ? second : first;
  if (rest.length > 0 || (selector !== undefined && second !== undefined))
    throw new UsageError(`forward: too many arguments. Usage: ${forwardUsage}`);
  if (ports === undefined) throw new UsageError(`forward: the target and the port are missing. Usage: ${forwardUsage}`);
  const target =
    resource === undefined
      ? { kind: 'selector' as const, selector: selector as string }
      : parseResourceArg(resource, 'forward');
  const match = /^(?:(\d+):)?([A-Za-z0-9-]+)$/.exec(ports);
  if (!match) throw new UsageError(`forward: '${ports}' is not [LOCAL:]REMOTE (e.g. 8080:grpc or 50051).`);
  const perPod = values['per-pod'] === true;
  const remote = match[2] as string;
  if (perPod && match[1] !== undefined)
    throw new UsageError('forward: --per-pod picks a free local port per pod; give only the REMOTE port.');
  return {
    ...kube,
    target,
    remotePort: /^\d+$/.test(remote) ? Number(remote) : remote,
    ...(match[1] === undefined ? {} : { localPort: Number(match[1]) }),
    mode: perPod ? 'per-pod' : 'single',
  };
}

/**
 * `forward …`: opens a port-forward that follows its pods, prints one line per local address and
 * then one line per state change, and runs until interrupted (Ctrl+C closes it cleanly, exit 0).
 * A forward that fails for good (its credentials or RBAC refused) ends the command with exit 1.
 */
export async function runForwardCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const params = parseForwardArgs(argv);
  const { client, output } = context;
  const forwardId = randomUUID();
  const printed = new Set<string>();
  let opened = false;
  let failed: string | undefined;
  const printAddresses = (snapshot: ForwardSnapshot) => {
    for (const port of snapshot.ports) {
      if (printed.has(port.localAddress)) continue;
      printed.add(port.localAddress);
      const pod = port.pod === undefined ? '' : ` (pod ${port.pod.name})`;
      output.out(`Forwarding from ${port.localAddress} -> ${snapshot.target} ${snapshot.remotePort}${pod}\n`);
    }
  };
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const events = followEvents(client, forwardId, isForwardEnd, (event) => {
    if (event.type !== 'forward-state' || !opened) return;
    const { change, snapshot } = event;
    const where = change.localAddress === undefined ? '' : ` ${change.localAddress}`;
    output.out(`${change.at} ${change.state}${where}${change.reason === undefined ? '' : `: ${change.reason}`}\n`);
    printAddresses(snapshot);
    if (change.state === 'failed') {
      failed = change.reason ?? 'the forward failed';
      stop();
    }
  });
  try {
    const snapshot = await client.openForward({ ...params, forwardId });
    opened = true;
    printAddresses(snapshot);
    output.out(`${new Date().toISOString()} ${snapshot.state}: ${snapshot.reason ?? ''}\n`);
  } catch (error) {
    events.dispose();
    throw error;
  }
  const onAbort = () => stop();
  if (context.signal?.aborted) stop();
  context.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await stopped;
  } finally {
    context.signal?.removeEventListener('abort', onAbort);
    await client.closeForward({ forwardId }).catch(() => undefined);
    await events.ended.catch(() => undefined);
  }
  if (failed === undefined) return EXIT_OK;
  output.err(formatErrorInfo({ kind: 'connection', message: `the forward failed: ${failed}` }));
  return EXIT_FAILURE;
}

function isForwardEnd(event: WorkbenchEvent): event is Extract<WorkbenchEvent, { type: 'forward-end' }> {
  return event.type === 'forward-end';
}
