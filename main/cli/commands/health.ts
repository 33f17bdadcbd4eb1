import type { CallStatus } from '../../../shared/api/contract';
import { checkHealth, watchHealth, type HealthParams, type ServingStatusName } from '../../engine/health/health';
import type { Command } from '../args';
import { isTransportFailure, reportFailedStatus } from '../call-outcome';
import { buildConnectionOptions, secondsToMs } from '../connection';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes';
import { rpcMetadata } from '../headers';
import { formatJson } from '../output/grpcurl';
import { cliVersion } from '../version';
import type { CommandContext } from './context';

type HealthCommand = Extract<Command, { kind: 'health' }>;

/**
 * `health ADDRESS [SERVICE]`: grpc.health.v1 Check, printed as grpcurl prints the response
 * (`{"status": "SERVING"}`); exit 0 only when SERVING, so scripts can gate on it.
 * `--watch` prints every status the server streams until Ctrl+C (or -max-time).
 */
export async function runHealthCommand(command: HealthCommand, context: CommandContext): Promise<number> {
  const { options } = command;
  const params: HealthParams = {
    pool: context.pool,
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
  return command.watch ? watch(params, print, context) : check(params, print, context);
}

async function check(
  params: HealthParams,
  print: (status: ServingStatusName) => void,
  context: CommandContext,
): Promise<number> {
  const result = await checkHealth(params);
  const failed = reportFailedStatus(result.status, context.output.err);
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
  let last: ServingStatusName | undefined;
  const handle = await watchHealth(params, (status) => {
    last = status;
    print(status);
  });
  const cancel = (): void => handle.cancel();
  context.signal?.addEventListener('abort', cancel, { once: true });
  try {
    const status = await handle.done;
    // Ctrl+C or -max-time is how a watch normally ends: the answer is the last status seen.
    if (endedByUs(status, context.signal) && last !== undefined) return exitCodeForServing(last);
    return reportFailedStatus(status, context.output.err) ?? exitCodeForServing(last ?? 'UNKNOWN');
  } finally {
    context.signal?.removeEventListener('abort', cancel);
  }
}

function endedByUs(status: CallStatus, signal: AbortSignal | undefined): boolean {
  const cancelledByUser = status.code === 1 && signal?.aborted === true;
  const ownDeadline = status.code === 4 && status.error?.kind === 'timeout' && !isTransportFailure(status);
  return cancelledByUser || ownDeadline;
}

function exitCodeForServing(status: ServingStatusName): number {
  return status === 'SERVING' ? EXIT_OK : EXIT_FAILURE;
}
