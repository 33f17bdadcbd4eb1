import type { Channel, Metadata, StatusObject, status as grpcStatus } from '@grpc/grpc-js';
import { fromBinary, type DescMessage } from '@bufbuild/protobuf';

/** grpc-js's own call object (what Channel.createCall returns): no interceptors, no serializers. */
export type RawCall = ReturnType<Channel['createCall']>;

export interface RawCallSpec {
  /** `/package.Service/Method`. */
  path: string;
  /** The request, already encoded: sent once per call, whatever the method kind. */
  payload: Buffer;
  metadata: Metadata;
  deadlineMs?: number;
  /** Response header/trailer naming the backend; the peer address when absent. A call without it has no backend. */
  backendKey?: string;
  /** Whether response bytes are the method's output message (a call that got others did not succeed). */
  decodes?: (bytes: Buffer) => boolean;
  /** Names a backend by its peer address (a port-forward's local address → its pod); the address itself when absent. */
  namePeer?: (peer: string) => string;
}

/** `decodes` for a method's output type: a single call with another answer fails, so a burst must not count it as OK. */
export function decodesAs(output: DescMessage): (bytes: Buffer) => boolean {
  return (bytes) => {
    try {
      fromBinary(output, bytes);
      return true;
    } catch {
      return false;
    }
  };
}

/**
 * Called once per call with its outcome; `backend` is undefined when no backend can be named;
 * `undecodable` when a response message was not the method's output.
 */
export type RawCallDone = (code: grpcStatus, backend: string | undefined, undecodable: boolean) => void;

/**
 * One burst call on a channel: send the pre-encoded request once, half-close, drain whatever comes
 * back, and report the status and the backend. The same sequence serves all four kinds (a stream
 * counts as one call). We drive grpc-js's channel directly — the Client layer would only add
 * interceptor plumbing and serializers that burst calls do not need.
 */
export function startRawCall(channel: Channel, spec: RawCallSpec, done: RawCallDone): RawCall {
  const deadline = spec.deadlineMs === undefined ? Infinity : Date.now() + spec.deadlineMs;
  const call = channel.createCall(spec.path, deadline, undefined, null, null);
  let headers: Metadata | undefined;
  let undecodable = false;
  call.start(spec.metadata, {
    onReceiveMetadata(metadata) {
      if (spec.backendKey !== undefined) headers = metadata;
    },
    onReceiveMessage(message: Buffer) {
      if (spec.decodes !== undefined && !undecodable) undecodable = !spec.decodes(message);
      call.startRead();
    },
    onReceiveStatus(status: StatusObject) {
      done(status.code, backendOf(call, channel, status, headers, spec), undecodable);
    },
  });
  call.sendMessageWithContext({}, spec.payload);
  call.halfClose();
  call.startRead();
  return call;
}

function backendOf(
  call: RawCall,
  channel: Channel,
  status: StatusObject,
  headers: Metadata | undefined,
  { backendKey, namePeer }: RawCallSpec,
): string | undefined {
  // With a backend key, only the key names a backend: a call that failed before any header (a
  // deadline, a refused connection) would otherwise show up as a fake backend named by its address.
  if (backendKey !== undefined)
    return firstString(status.metadata, backendKey) ?? (headers && firstString(headers, backendKey));
  const peer = transportPeer(call, channel);
  return peer === undefined || namePeer === undefined ? peer : namePeer(peer);
}

/**
 * The address of the transport the call was given, or undefined while it has none. grpc-js has no
 * "has a transport" query: getPeer answers with the channel's target before the call is resolved,
 * and with "unknown" while its retry layer has not committed it to a transport.
 */
export function transportPeer(call: RawCall, channel: Channel): string | undefined {
  const peer = call.getPeer();
  return peer === channel.getTarget() || peer === UNCOMMITTED_PEER ? undefined : peer;
}

const UNCOMMITTED_PEER = 'unknown';

function firstString(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
