import type { DescMethod } from '@bufbuild/protobuf';
import type { InvokeRequestParsed } from '../../../shared/api/contract';
import { metadataToJson } from '../../../shared/metadata';
import { startCall, type CallHandle } from '../../engine/call/startCall';
import { EngineError } from '../../engine/errors';
import { describeDescriptorText, methodPath } from '../../engine/schema';
import type { Command } from '../args';
import { exitCodeForCall, hasUndecodableResponse, isTransportFailure } from '../call-outcome';
import { buildConnectionOptions, secondsToMs } from '../connection';
import { EXIT_FAILURE } from '../exit-codes';
import { reflectionMetadata, rpcMetadata } from '../headers';
import { createGrpcurlPrinter, createJsonPrinter, type CallEndEvent, type CallPrinter } from '../output/call-printers';
import { collectRequestMessages, requestMessages } from '../request-source';
import { formatErrorInfo } from '../failure';
import { loadCommandSchema, writeProtosetOut } from '../schema-source';
import { cliVersion } from '../version';
import type { CommandContext } from './context';

type InvokeCommand = Extract<Command, { kind: 'invoke' }>;

/** `ADDRESS METHOD`: one call, printed as grpcurl does (or as one JSON document). */
export async function runInvokeCommand(command: InvokeCommand, context: CommandContext): Promise<number> {
  const { options } = command;
  const connection = buildConnectionOptions(command.target, options.connection, cliVersion);
  const deadlineMs = options.maxTimeSec === undefined ? undefined : secondsToMs(options.maxTimeSec);
  const schema = await loadCommandSchema(
    {
      schema: options.schema,
      connection,
      reflectionMetadata: reflectionMetadata(options.headers),
      ...(deadlineMs === undefined ? {} : { deadlineMs }),
    },
    context,
  );
  const method = schema.findMethod(command.method);
  const path = methodPath(method);
  await writeProtosetOut(schema, [path], options.schema.protosetOut);

  const metadata = rpcMetadata(options.headers);
  const takesStream = method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming';
  const request: InvokeRequestParsed = {
    schemaId: 'cli',
    method: path,
    connection,
    metadata,
    ...(deadlineMs === undefined ? {} : { deadlineMs }),
    // Unary and server streaming take exactly one message, read before the call starts; streams send as they read.
    messages: takesStream ? [] : singleRequest(await collectRequestMessages(command.data, context.io.stdin), method),
    halfClose: false,
    waitForReady: false,
    compression: 'identity',
    allowUnknownFields: command.allowUnknownFields,
    emitDefaults: options.emitDefaults,
  };

  // Bad input mid-stream cancels the call; that CANCELLED is ours to explain, not the server's status.
  let inputError: unknown;
  const printer = createPrinter(command, context, (end) => inputError !== undefined || isTransportFailure(end.status));
  printer.begin({
    methodPath: path,
    methodText: describeDescriptorText(method),
    requestMetadata: metadataToJson(metadata),
  });
  // Known synchronously with the call-end event, before `done` resolves, so a send racing the end is not mistaken for bad input.
  let ended = false;
  let sawUndecodableResponse = false;
  const handle = await startCall({
    pool: context.pool,
    schema,
    request,
    callId: 'cli',
    onEvent: (event) => {
      if (event.type === 'call-end') ended = true;
      if (hasUndecodableResponse(event)) sawUndecodableResponse = true;
      printer.onEvent(event);
    },
  });
  const cancel = (): void => handle.cancel();
  context.signal?.addEventListener('abort', cancel, { once: true });
  try {
    if (takesStream) {
      const streaming = streamRequests(handle, requestMessages(command.data, context.io.stdin), {
        hasEnded: () => ended,
        onInputError: (error) => (inputError = error),
      });
      // The call may end (server done or failed) while stdin still waits for input.
      await Promise.race([streaming, handle.done]);
    }
    const end = await handle.done;
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
function singleRequest(all: string[], method: DescMethod): string[] {
  if (all.length > 1) {
    throw new EngineError(
      'bad_input',
      `${methodPath(method)} is ${method.methodKind.replace('_', ' ')}: it takes one request message, but ${all.length} were given.`,
      {
        subject: methodPath(method),
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
  handle: CallHandle,
  messages: AsyncIterable<string>,
  hooks: { hasEnded: () => boolean; onInputError: (error: unknown) => void },
): Promise<void> {
  try {
    for await (const json of messages) {
      if (hooks.hasEnded()) return;
      handle.send(json);
    }
    handle.halfClose();
  } catch (error) {
    if (hooks.hasEnded()) return;
    hooks.onInputError(error);
    handle.cancel();
  }
}
