import { randomUUID } from 'node:crypto';
import type { CallStatus, HealthEvent, OperationInput, ServingStatusName, WorkbenchEvent } from '../../../shared/api';
import { followEvents, WorkbenchError } from '../../../shared/api';
import { formatFailure } from '../failure';
import type { Command } from '../args';
import { isTransportFailure, reportFailedStatus } from '../call-outcome';
import { buildConnectionOptions, secondsToMs } from '../connection';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes';
import { rpcMetadata } from '../headers';
import { formatJson } from '../output/grpcurl';
import { cliVersion } from '../version';
import type { CommandContext } from './context';

type HealthCommand = Extract<Command, { kind: 'health' }>;
type HealthParams = OperationInput<'healthCheck'> & { service: string };
type HealthEnd = Extract<HealthEvent, { type: 'health-end' }>;

/**
 * grpc_health_probe's exit statuses, which Kubernetes users script against: 0 SERVING, 1 usage
 * (as every command), 2 no connection, 3 the health RPC failed (UNIMPLEMENTED: no health service,
 * NOT_FOUND: unknown service, any other status), 4 answered but not SERVING.
 */
export const HEALTH_EXIT_CONNECTION = 2;
export const HEALTH_EXIT_RPC = 3;
export const HEALTH_EXIT_NOT_SERVING = 4;

/**
 * `health ADDRESS [SERVICE]`: grpc.health.v1 Check, printed as grpcurl prints the response
 * (`{"status": "SERVING"}`); exits as grpc_health_probe does, so scripts can gate on it.
 * `--watch` prints every status the server streams until Ctrl+C (or -max-time).
 */
export async function runHealthCommand(command: HealthCommand, context: CommandContext): Promise<number> {
  const { options } = command;
  const params: HealthParams = {
    connection: buildConnectionOptions(command.target, options.connection, cliVersion),
    service: command.service ?? '',
    metadata: rpcMetadata(options.headers),
    ...(options.maxTimeSec === undefined ? {} : { deadlineMs: secondsToMs(options.maxTimeSec) }),
  };
  const print = (servingStatus: ServingStatusName): void => {
    const document =
      options.output === 'json' ? { service: params.service, status: servingStatus } : { status: servingStatus };
    context.output.out(`${formatJson(document)}\n`);
  };
  if (command.all !== undefined) {
    const { service: _one, ...common } = params;
    return listAll({ ...common, services: command.all.services }, options.output === 'json', context);
  }
  return command.watch ? watch(params, print, context) : check(params, print, context);
}

/**
 * `--all`: List answers every service at once (gRFC A90); a server without List is asked with
 * Check for the whole server and each SERVICE given, and stderr says so. One document per service,
 * `{"service": …, "status": …}` (`--output json`: one document, `{"method", "services"}`). The exit status is the worst outcome: no connection (2), then a
 * failed call (3), then a service not SERVING (4), so a script can gate on a whole server.
 */
async function listAll(params: OperationInput<'listHealth'>, json: boolean, context: CommandContext): Promise<number> {
  const result = await context.client.listHealth(params).catch(connectionFailure(context));
  if (typeof result === 'number') return result;
  if (result.method === 'list') {
    const failed = reportHealthStatus(result.listStatus, context.output.err);
    if (failed !== undefined) return failed;
  } else {
    context.output.err('The server has no grpc.health.v1 List (UNIMPLEMENTED): each service was asked with Check.\n');
  }
  const exits = new Set<number>();
  const documents: object[] = [];
  for (const { service, servingStatus, status } of result.services) {
    const failed = result.method === 'check' ? reportHealthStatus(status, context.output.err) : undefined;
    if (failed !== undefined) {
      // The failure printed above does not name its service.
      context.output.err(`(service ${JSON.stringify(service)})\n`);
      documents.push({ service, error: { code: status.code, name: status.name, message: status.message } });
      exits.add(failed);
      continue;
    }
    const serving = servingStatus ?? 'UNKNOWN';
    documents.push({ service, status: serving });
    exits.add(exitCodeForServing(serving));
  }
  // grpcurl-style text: a document per service; --output json: one document for the whole answer.
  const printed = json ? [{ method: result.method, services: documents }] : documents.filter((doc) => 'status' in doc);
  for (const document of printed) context.output.out(`${formatJson(document)}\n`);
  return [HEALTH_EXIT_CONNECTION, HEALTH_EXIT_RPC, HEALTH_EXIT_NOT_SERVING].find((code) => exits.has(code)) ?? EXIT_OK;
}

async function check(
  params: HealthParams,
  print: (status: ServingStatusName) => void,
  context: CommandContext,
): Promise<number> {
  const result = await context.client.healthCheck(params).catch(connectionFailure(context));
  if (typeof result === 'number') return result;
  const failed = reportHealthStatus(result.status, context.output.err);
  if (failed !== undefined) return failed;
  const servingStatus = result.servingStatus ?? 'UNKNOWN';
  print(servingStatus);
  return exitCodeForServing(servingStatus);
}

async function watch(
  params: HealthParams,
  print: (status: ServingStatusName) => void,
  context: CommandContext,
): Promise<number> {
  const { client } = context;
  const callId = randomUUID();
  let last: ServingStatusName | undefined;
  const events = followEvents(client, callId, isHealthEnd, (event) => {
    if (event.type !== 'health-status') return;
    last = event.servingStatus;
    print(event.servingStatus);
  });
  try {
    await client.watchHealth({ ...params, callId });
  } catch (error) {
    events.dispose();
    return connectionFailure(context)(error);
  }
  // Cancelling a watch that just ended is a harmless not_found.
  const cancel = (): void => void client.cancelCall({ callId }).catch(() => undefined);
  context.signal?.addEventListener('abort', cancel, { once: true });
  try {
    const { status } = await events.ended;
    // Ctrl+C or -max-time is how a watch normally ends: the answer is the last status seen.
    if (endedByUs(status, context.signal) && last !== undefined) return exitCodeForServing(last);
    return reportHealthStatus(status, context.output.err) ?? exitCodeForServing(last ?? 'UNKNOWN');
  } finally {
    context.signal?.removeEventListener('abort', cancel);
  }
}

function isHealthEnd(event: WorkbenchEvent): event is HealthEnd {
  return event.type === 'health-end';
}

function endedByUs(status: CallStatus, signal: AbortSignal | undefined): boolean {
  const cancelledByUser = status.code === 1 && signal?.aborted === true;
  const ownDeadline = status.code === 4 && status.error?.kind === 'timeout' && !isTransportFailure(status);
  return cancelledByUser || ownDeadline;
}

function exitCodeForServing(status: ServingStatusName): number {
  return status === 'SERVING' ? EXIT_OK : HEALTH_EXIT_NOT_SERVING;
}

/** The call's failure as grpc_health_probe counts it: no connection (2) or a failed RPC (3); undefined when OK. */
function reportHealthStatus(status: CallStatus, err: (text: string) => void): number | undefined {
  const exit = reportFailedStatus(status, err);
  if (exit === undefined) return undefined;
  return isTransportFailure(status) ? HEALTH_EXIT_CONNECTION : HEALTH_EXIT_RPC;
}

/**
 * What the check could not even start for: bad input stays a usage failure (1); anything else
 * (the target, TLS, a k8s:// target's cluster or forward) is a connection failure (2).
 */
function connectionFailure(context: CommandContext): (error: unknown) => number {
  return (error) => {
    context.output.err(formatFailure(error));
    return WorkbenchError.from(error).kind === 'bad_input' ? EXIT_FAILURE : HEALTH_EXIT_CONNECTION;
  };
}
