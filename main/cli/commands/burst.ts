import { randomUUID } from 'node:crypto';
import type { BurstEvent, BurstRequest, WorkbenchEvent } from '../../../shared/api';
import { followEvents, MAX_BURST_CALLS, WorkbenchError } from '../../../shared/api';
import { DurationError, parseDurationMs } from '../../../shared/duration';
import { burstReportToJson, formatBurstReportText } from '../../../shared/lens';
import type { BurstFlags, Command } from '../args';
import { buildConnectionOptions, secondsToMs } from '../connection';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes';
import { reflectionMetadata, rpcMetadata } from '../headers';
import { formatJson } from '../output/grpcurl';
import { collectRequestMessages } from '../request-source';
import { loadCommandSchema, serviceOfMethod } from '../schema-source';
import { cliVersion } from '../version';
import type { CommandContext } from './context';

type BurstCommand = Extract<Command, { kind: 'burst' }>;
type BurstEnd = Extract<BurstEvent, { type: 'burst-end' }>;

function isBurstEnd(event: WorkbenchEvent): event is BurstEnd {
  return event.type === 'burst-end';
}

/**
 * `burst ADDRESS METHOD -n N -c C …`: N calls at concurrency C, then the per-backend table and the
 * verdict (or `--output json`). Progress goes to stderr when it is a terminal; Ctrl+C stops the
 * burst and still reports what happened.
 */
export async function runBurstCommand(command: BurstCommand, context: CommandContext): Promise<number> {
  const { options, burst } = command;
  const connection = buildConnectionOptions(command.target, options.connection, cliVersion);
  const deadlineMs = options.maxTimeSec === undefined ? undefined : secondsToMs(options.maxTimeSec);
  const durationMs = burst.duration === undefined ? undefined : parseBurstDuration(burst.duration);
  const { client } = context;
  const { schemaId } = await loadCommandSchema(
    {
      schema: options.schema,
      connection,
      reflectionMetadata: reflectionMetadata(options.headers),
      // -max-time bounds every call the command makes, the reflection that finds the method too.
      ...(deadlineMs === undefined ? {} : { deadlineMs }),
      symbols: [serviceOfMethod(command.method)],
    },
    context,
  );
  const { path } = await client.describeMethod({ schemaId, method: command.method });
  const burstId = randomUUID();
  const request: BurstRequest = {
    burstId,
    schemaId,
    method: path,
    connection,
    metadata: rpcMetadata(options.headers),
    requestJson: await singleBurstRequest(command, context),
    ...(deadlineMs === undefined ? {} : { deadlineMs }),
    total: burst.total,
    concurrency: burst.concurrency,
    connections: burst.connections,
    lbPolicy: burst.lbPolicy ?? 'pick_first',
    ...(burst.backendKey === undefined ? {} : { backendKey: burst.backendKey }),
    knownBackends: burst.knownBackends,
    ...(burst.ratePerSecond === undefined ? {} : { ratePerSecond: burst.ratePerSecond }),
    ...(burst.forwardMode === undefined ? {} : { forwardMode: burst.forwardMode }),
    ...(durationMs === undefined ? {} : { durationMs }),
  };
  const showProgress = options.output === 'text' && isTerminal(context.io.stderr);
  const events = followEvents(client, burstId, isBurstEnd, (event) => {
    if (showProgress && event.type === 'burst-progress')
      context.output.err(`\r${progressLine(event.report.calls, burst)}…`);
  });
  try {
    await client.startBurst(request);
  } catch (error) {
    events.dispose();
    throw error;
  }
  // Ctrl+C stops the burst; it still ends with its report of what happened.
  const cancel = (): void => void client.cancelBurst({ burstId }).catch(() => undefined);
  context.signal?.addEventListener('abort', cancel, { once: true });
  let end: BurstEnd;
  try {
    end = await events.ended;
  } finally {
    context.signal?.removeEventListener('abort', cancel);
  }
  if (end.error !== undefined) throw WorkbenchError.fromData(end.error);
  const { report } = end;
  if (showProgress) context.output.err('\r\x1b[K');
  context.output.out(
    options.output === 'json'
      ? `${formatJson(burstReportToJson(report))}\n`
      : ensureNewline(formatBurstReportText(report)),
  );
  // A CI signal: the burst ran, but the service failed most calls (or a backend failed its share).
  return report.verdict.kind === 'failing' ? EXIT_FAILURE : EXIT_OK;
}

/** A burst sends the same request every time: exactly one message, `{}` when none is given. */
async function singleBurstRequest(command: BurstCommand, context: CommandContext): Promise<string> {
  const messages = await collectRequestMessages(command.data, context.io);
  if (messages.length > 1) {
    throw new WorkbenchError(
      'bad_input',
      `A burst sends one request message (for streams: once per stream), but ${messages.length} were given.`,
      {
        subject: '-d',
        hint: 'Give a single JSON object with -d.',
      },
    );
  }
  return messages[0] ?? '{}';
}

function parseBurstDuration(text: string): number {
  try {
    const ms = parseDurationMs(text);
    // A zero duration would end the burst before its first call.
    if (ms <= 0) throw new DurationError(`a burst duration must be greater than 0`);
    // The contract takes whole milliseconds.
    return Math.max(1, Math.round(ms));
  } catch (error) {
    if (!(error instanceof DurationError)) throw error;
    throw new WorkbenchError('bad_input', `--duration ${text}: ${error.message}`, {
      subject: '--duration',
      hint: 'Examples: 30s, 1m30s, 500ms.',
    });
  }
}

function progressLine(calls: number, burst: BurstFlags): string {
  if (burst.duration === undefined) return `${calls} of ${burst.total} calls`;
  // --duration alone: the call count is only the contract's ceiling, not worth showing.
  return burst.total === MAX_BURST_CALLS
    ? `${calls} calls (for ${burst.duration})`
    : `${calls} of ≤${burst.total} calls`;
}

function isTerminal(stream: unknown): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
