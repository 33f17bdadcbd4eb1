import { randomUUID } from 'node:crypto';
import type { CallEvent, InvokeRequest, MethodDescription, WorkbenchClient, WorkbenchEvent } from '../../../shared/api';
import { followEvents, WorkbenchError } from '../../../shared/api';
import { metadataToJson } from '../../../shared/metadata';
import type { Command } from '../args';
import { exitCodeForCall, hasUndecodableResponse, isTransportFailure } from '../call-outcome';
import { buildConnectionOptions, secondsToMs } from '../connection';
import { EXIT_FAILURE } from '../exit-codes';
import { reflectionMetadata, rpcMetadata } from '../headers';
import { createGrpcurlPrinter, createJsonPrinter, type CallEndEvent, type CallPrinter } from '../output/call-printers';
import { collectRequestMessages, requestMessages } from '../request-source';
import { formatErrorInfo } from '../failure';
import { loadCommandSchema, serviceOfMethod, writeProtosetOut } from '../schema-source';
import { cliVersion } from '../version';
import type { CommandContext } from './context';

type InvokeCommand = Extract<Command, { kind: 'invoke' }>;

/** `ADDRESS METHOD`: one call, printed as grpcurl does (or as one JSON document). */
export async function runInvokeCommand(command: InvokeCommand, context: CommandContext): Promise<number> {
  const { options } = command;
  const { client } = context;
  const connection = buildConnectionOptions(command.target, options.connection, cliVersion);
  const deadlineMs = options.maxTimeSec === undefined ? undefined : secondsToMs(options.maxTimeSec);
  const { schemaId } = await loadCommandSchema(
    {
      schema: options.schema,
      connection,
      reflectionMetadata: reflectionMetadata(options.headers),
      ...(deadlineMs === undefined ? {} : { deadlineMs }),
      symbols: [serviceOfMethod(command.method)],
    },
    context,
  );
  const method = await client.describeMethod({ schemaId, method: command.method });
  await writeProtosetOut(context, schemaId, [method.path], options.schema.protosetOut);

  const metadata = rpcMetadata(options.headers);
  const takesStream = method.kind === 'client_streaming' || method.kind === 'bidi_streaming';
  const callId = randomUUID();
  const request: InvokeRequest = {
    callId,
    schemaId,
    method: method.path,
    connection,
    metadata,
    ...(deadlineMs === undefined ? {} : { deadlineMs }),
    // Unary and server streaming take exactly one message, read before the call starts; streams send as they read.
    messages: takesStream ? [] : singleRequest(await collectRequestMessages(command.data, context.io), method),
    allowUnknownFields: command.allowUnknownFields,
    emitDefaults: options.emitDefaults,
  };

  // Bad input mid-stream cancels the call; that CANCELLED is ours to explain, not the server's status.
  let inputError: unknown;
  const printer = createPrinter(command, context, (end) => inputError !== undefined || isTransportFailure(end.status));
  printer.begin({
    methodPath: method.path,
    methodText: method.descriptorText,
    requestMetadata: metadataToJson(metadata),
  });
  let sawUndecodableResponse = false;
  // Subscribed before the start, so no event is missed; hasEnded() is known synchronously with the
  // call-end event, so a send racing the end is not mistaken for bad input.
  const call = followEvents(client, callId, isCallEnd, (event) => {
    if (!isCallEvent(event)) return;
    if (hasUndecodableResponse(event)) sawUndecodableResponse = true;
    printer.onEvent(event);
  });
  try {
    await client.startCall(request);
  } catch (error) {
    call.dispose();
    throw error;
  }
  const cancel = (): void => cancelCall(client, callId);
  context.signal?.addEventListener('abort', cancel, { once: true });
  try {
    if (takesStream) {
      const streaming = streamRequests(client, callId, requestMessages(command.data, context.io), {
        hasEnded: call.hasEnded,
        onInputError: (error) => (inputError = error),
      });
      // The call may end (server done or failed) while stdin still waits for input.
      await Promise.race([streaming, call.ended]);
    }
    const end = await call.ended;
    if (inputError !== undefined) throw inputError;
    if (!isTransportFailure(end.status)) return exitCodeForCall(end.status, sawUndecodableResponse);
    context.output.err(formatErrorInfo(end.status.error!));
    return EXIT_FAILURE;
  } finally {
    // Stop waiting for stdin input that can no longer matter (the call is over).
    if (command.data.source === 'stdin') context.io.stdin.destroy();
    context.signal?.removeEventListener('abort', cancel);
  }
}

function isCallEnd(event: WorkbenchEvent): event is CallEndEvent {
  return event.type === 'call-end';
}

function isCallEvent(event: WorkbenchEvent): event is CallEvent {
  return event.type.startsWith('call-');
}

/** Cancelling a call that just ended is a harmless not_found. */
function cancelCall(client: WorkbenchClient, callId: string): void {
  void client.cancelCall({ callId }).catch(() => undefined);
}

function createPrinter(
  command: InvokeCommand,
  context: CommandContext,
  endedByFailure: (end: CallEndEvent) => boolean,
): CallPrinter {
  if (command.options.output === 'json') return createJsonPrinter(context.output);
  return createGrpcurlPrinter(context.output, {
    verbosity: command.options.verbosity,
    formatError: command.formatError,
    isTransportFailure: endedByFailure,
  });
}

/** grpcurl sends an empty message when no data is given; more than one is a mistake worth naming. */
function singleRequest(all: string[], method: MethodDescription): string[] {
  if (all.length > 1) {
    throw new WorkbenchError(
      'bad_input',
      `${method.path} is ${method.kind.replace('_', ' ')}: it takes one request message, but ${all.length} were given.`,
      {
        subject: method.path,
        hint: 'Only client- and bidi-streaming methods take several messages.',
      },
    );
  }
  return all.length === 0 ? ['{}'] : all;
}

/**
 * Sends each request message as soon as it is read, then half-closes. When the call ends first
 * (the server finished or failed) the rest of the input is ignored; bad input is handed to
 * `onInputError` and the call cancelled.
 */
async function streamRequests(
  client: WorkbenchClient,
  callId: string,
  messages: AsyncIterable<string>,
  hooks: { hasEnded: () => boolean; onInputError: (error: unknown) => void },
): Promise<void> {
  try {
    for await (const json of messages) {
      if (hooks.hasEnded()) return;
      await client.sendMessage({ callId, json });
    }
    if (!hooks.hasEnded()) await client.halfClose({ callId });
  } catch (error) {
    if (hooks.hasEnded()) return;
    hooks.onInputError(error);
    cancelCall(client, callId);
  }
}
