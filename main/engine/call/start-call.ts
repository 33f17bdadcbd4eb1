import { connectTimeoutError } from '../channel/await-connection';
import {
  status as grpcStatus,
  type CallOptions,
  type ClientUnaryCall,
  type ClientWritableStream,
  type Metadata,
  type StatusObject,
} from '@grpc/grpc-js';
import type { DescMethod, Registry } from '@bufbuild/protobuf';
import type {
  CallEvent,
  CallStatus,
  CallTimings,
  InvokeRequestParsed,
  MetadataJson,
  RpcKind,
} from '../../../shared/api';
import { decodeResponseToJson } from '../../../shared/codec';
import type { ChannelLease, ChannelPool } from '../channel/pool';
import { WorkbenchError } from '../../../shared/api';
import { methodPath } from '../schema/schema';
import { localCallStatus, STATUS_DETAILS_KEY, toCallStatus } from '../rpc/call-status';
import { MessageBatcher } from './message-batcher';
import { metadataToJson, toGrpcMetadata } from '../rpc/metadata';
import { encodeRequestMessage, type RequestEncodingOptions } from '../rpc/request-encoding';

/** What a call needs from a schema (the engine's Schema satisfies it). */
export interface CallSchema {
  readonly registry: Registry;
  /** Throws WorkbenchError('unknown_method') for a name it does not know. */
  findMethod(name: string): DescMethod;
}

export type CallEnd = Extract<CallEvent, { type: 'call-end' }>;

/** A running call. Every path ends in exactly one call-end event and resolves `done`. */
export interface CallHandle {
  readonly callId: string;
  /** Client/bidi streaming: encodes and sends one more request. Throws WorkbenchError on bad JSON or a closed stream. */
  send(json: string): void;
  /** Client/bidi streaming: no more requests. Idempotent. */
  halfClose(): void;
  /** Ends the call with CANCELLED. Idempotent; no-op once ended. */
  cancel(): void;
  readonly done: Promise<CallEnd>;
}

export interface StartCallParams {
  pool: ChannelPool;
  schema: CallSchema;
  /** Its callId (the client's) names every event. */
  request: InvokeRequestParsed;
  onEvent: (event: CallEvent) => void;
}

/**
 * Starts a call with bytes in and out (grpc-js gets identity serializers; the codec is ours).
 *
 * Throws WorkbenchError before anything starts for an unknown method, bad metadata, a wrong number of
 * request messages for unary/server streaming, or a channel that cannot be built (unreadable
 * certificate file, bad target or service config), and WorkbenchError('bad_request_json') naming
 * the field path for request JSON that does not fit the input type — no request reaches the network.
 */
export async function startCall(params: StartCallParams): Promise<CallHandle> {
  const { request, schema } = params;
  const method = schema.findMethod(request.method);
  const kind: RpcKind = method.methodKind;
  const takesStream = kind === 'client_streaming' || kind === 'bidi_streaming';
  if (!takesStream && request.messages.length !== 1) {
    throw new WorkbenchError(
      'bad_input',
      `${methodPath(method)} is ${kind.replace('_', ' ')}: it takes exactly one request message, not ${request.messages.length}.`,
      {
        subject: request.method,
      },
    );
  }
  const metadata = toGrpcMetadata(request.metadata, { waitForReady: request.waitForReady });
  const encoding: RequestEncodingOptions = {
    registry: schema.registry,
    allowUnknownFields: request.allowUnknownFields,
  };
  const initial = request.messages.map((json, index) =>
    encodeRequestMessage(
      method.input,
      json,
      encoding,
      request.messages.length > 1 ? `request message ${index + 1}` : undefined,
    ),
  );
  const lease = await params.pool.acquire(request.connection, { compression: request.compression });
  const call = new ActiveCall(params, method, lease, encoding);
  call.start(metadata, initial);
  return call;
}

function callEnded(callId: string): WorkbenchError {
  return new WorkbenchError('bad_input', `The call ${callId} has already ended.`, { subject: callId });
}

class ActiveCall implements CallHandle {
  readonly callId: string;
  readonly done: Promise<CallEnd>;
  private resolveDone!: (end: CallEnd) => void;
  private readonly startedAt = Date.now();
  private readonly startClock = performance.now();
  private readonly kind: RpcKind;
  private readonly batcher: MessageBatcher;
  /** Every call kind's surface; ClientUnaryCall is grpc-js's name for the common part. */
  private call: ClientUnaryCall | undefined;
  private requestStream: ClientWritableStream<Buffer> | undefined;
  private halfClosed: boolean;
  private ended = false;
  private sent = 0;
  private received = 0;
  private headers: MetadataJson = {};
  private peer: string | undefined;
  private readonly timings: Omit<CallTimings, 'totalMs'> = {};
  /** A failure we decided on (connect timeout) that overrides the CANCELLED grpc-js then reports. */
  private localFailure: CallStatus | undefined;
  private stopWatchingState: (() => void) | undefined;
  private connectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly params: StartCallParams,
    private readonly method: DescMethod,
    private readonly lease: ChannelLease,
    private readonly encoding: RequestEncodingOptions,
  ) {
    this.callId = params.request.callId;
    this.kind = method.methodKind;
    this.halfClosed = this.kind === 'unary' || this.kind === 'server_streaming';
    this.batcher = new MessageBatcher((messages) =>
      this.params.onEvent({ type: 'call-messages', callId: this.callId, messages }),
    );
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  start(metadata: Metadata, initial: Buffer[]): void {
    const { request } = this.params;
    this.params.onEvent({
      type: 'call-started',
      callId: this.callId,
      method: methodPath(this.method),
      kind: this.kind,
      startedAt: this.startedAt,
    });
    this.watchReadiness();
    const client = this.lease.client;
    const path = `/${methodPath(this.method)}`;
    const serialize = (bytes: Buffer): Buffer => bytes;
    // The deserializer runs as each message arrives, in order and before the status: the exact
    // moment and size. The surface stream only needs draining.
    const deserialize = (bytes: Buffer): Buffer => {
      this.receive(bytes);
      return bytes;
    };
    const options: CallOptions = request.deadlineMs === undefined ? {} : { deadline: Date.now() + request.deadlineMs };
    const ignoreResult = (): void => undefined; // the 'status' event reports every outcome
    let call: ClientUnaryCall;
    switch (this.kind) {
      case 'unary':
        call = client.makeUnaryRequest(path, serialize, deserialize, initial[0]!, metadata, options, ignoreResult);
        break;
      case 'server_streaming':
        call = client.makeServerStreamRequest(path, serialize, deserialize, initial[0]!, metadata, options).resume();
        break;
      case 'client_streaming':
        this.requestStream = client.makeClientStreamRequest(
          path,
          serialize,
          deserialize,
          metadata,
          options,
          ignoreResult,
        );
        call = this.requestStream;
        break;
      case 'bidi_streaming': {
        const duplex = client.makeBidiStreamRequest(path, serialize, deserialize, metadata, options);
        duplex.resume();
        this.requestStream = duplex;
        call = duplex;
        break;
      }
    }
    this.call = call;
    // Stream surfaces also emit 'error' for a non-OK status; without a listener that would throw.
    call.on('error', () => undefined);
    call.on('metadata', (received: Metadata) => this.onHeaders(received));
    call.on('status', (status: StatusObject) => this.finish(status));
    if (this.requestStream === undefined) this.countSent(1);
    else {
      for (const bytes of initial) this.write(bytes);
      if (request.halfClose) this.halfClose();
    }
  }

  send(json: string): void {
    if (this.ended) throw callEnded(this.callId);
    if (this.requestStream === undefined) {
      throw new WorkbenchError(
        'bad_input',
        `${methodPath(this.method)} is ${this.kind.replace('_', ' ')}: it takes its one request message when the call starts.`,
        { subject: this.callId },
      );
    }
    if (this.halfClosed)
      throw new WorkbenchError('bad_input', `The call ${this.callId} is half-closed: it sends no more messages.`, {
        subject: this.callId,
      });
    this.write(encodeRequestMessage(this.method.input, json, this.encoding, `request message ${this.sent + 1}`));
  }

  halfClose(): void {
    if (this.halfClosed || this.ended) return;
    this.halfClosed = true;
    this.requestStream?.end();
  }

  cancel(): void {
    if (!this.ended) this.call?.cancel();
  }

  private write(bytes: Buffer): void {
    this.requestStream!.write(bytes);
    this.countSent(1);
  }

  private countSent(count: number): void {
    this.sent += count;
    this.params.onEvent({ type: 'call-sent', callId: this.callId, count: this.sent, atMs: this.elapsedMs() });
  }

  /** `sizeBytes` is the message itself: after any decompression, without the 5-byte gRPC frame header. */
  private receive(bytes: Buffer): void {
    const receivedMs = this.elapsedMs();
    this.timings.firstMessageMs ??= receivedMs;
    const index = this.received;
    this.received += 1;
    const { registry } = this.encoding;
    try {
      const json = decodeResponseToJson(this.method.output, bytes, {
        registry,
        emitDefaults: this.params.request.emitDefaults,
      });
      this.batcher.add({ index, json, sizeBytes: bytes.length, receivedMs });
    } catch (error) {
      // Undecodable bytes are shown, not fatal: the call goes on and is reported.
      this.batcher.add({
        index,
        bytesBase64: bytes.toString('base64'),
        decodeError: (error as Error).message,
        sizeBytes: bytes.length,
        receivedMs,
      });
    }
  }

  private onHeaders(received: Metadata): void {
    this.timings.headersMs = this.elapsedMs();
    this.headers = metadataToJson(received);
    this.peer = this.currentPeer();
    this.params.onEvent({
      type: 'call-headers',
      callId: this.callId,
      headers: this.headers,
      atMs: this.timings.headersMs,
    });
  }

  /** Records when the channel is READY, and enforces the connect timeout while it is not. */
  private watchReadiness(): void {
    if (this.lease.state() === 'READY') {
      this.timings.readyMs = 0;
      return;
    }
    this.stopWatchingState = this.lease.onStateChange((state) => {
      if (state !== 'READY') return;
      this.timings.readyMs = this.elapsedMs();
      this.stopReadinessWatch();
    });
    const { connectTimeoutMs, target } = this.params.request.connection;
    if (connectTimeoutMs === undefined) return;
    this.connectTimer = setTimeout(() => {
      this.localFailure = localCallStatus(grpcStatus.UNAVAILABLE, connectTimeoutError(target, connectTimeoutMs));
      this.call?.cancel();
    }, connectTimeoutMs);
  }

  private stopReadinessWatch(): void {
    this.stopWatchingState?.();
    this.stopWatchingState = undefined;
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
  }

  /**
   * A unary answer is exactly one message: an OK status without it (a truncated frame, a stream
   * ended early) is the server's protocol error, as grpc-go and grpcurl report it — not success.
   */
  private withResponseCheck(status: StatusObject): StatusObject {
    const unaryResponse = this.kind === 'unary' || this.kind === 'client_streaming';
    if (status.code !== grpcStatus.OK || !unaryResponse || this.received > 0) return status;
    return { ...status, code: grpcStatus.INTERNAL, details: 'the server ended the call OK without a response message' };
  }

  private finish(status: StatusObject): void {
    if (this.ended) return;
    this.ended = true;
    this.halfClosed = true;
    this.stopReadinessWatch();
    this.batcher.flush();
    const totalMs = this.elapsedMs();
    const { request } = this.params;
    const callStatus =
      this.localFailure ??
      toCallStatus(
        this.withResponseCheck(status),
        {
          target: request.connection.target,
          tls: request.connection.tls,
          deadlineMs: request.deadlineMs,
          elapsedMs: totalMs,
          connected: this.timings.readyMs !== undefined,
          ...(request.connection.maxReceiveMessageBytes === undefined
            ? {}
            : { receiveLimitBytes: request.connection.maxReceiveMessageBytes }),
        },
        this.encoding.registry,
      );
    const peer = this.peer ?? this.currentPeer();
    const end: CallEnd = {
      type: 'call-end',
      callId: this.callId,
      status: callStatus,
      headers: this.headers,
      trailers: metadataToJson(status.metadata, [STATUS_DETAILS_KEY]),
      ...(peer === undefined ? {} : { peer }),
      timings: { ...this.timings, totalMs },
      received: this.received,
      sent: this.sent,
    };
    this.lease.release();
    this.params.onEvent(end);
    this.resolveDone(end);
  }

  private currentPeer(): string | undefined {
    const peer = this.call?.getPeer();
    return peer === undefined || peer === 'unknown' ? undefined : peer;
  }

  private elapsedMs(): number {
    return Math.round((performance.now() - this.startClock) * 1000) / 1000;
  }
}
