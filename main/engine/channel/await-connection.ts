import { connectivityState } from '@grpc/grpc-js';
import type { ConnectionOptions, WorkbenchErrorData } from '../../../shared/api';
import type { ChannelLease } from './pool';
import { WorkbenchError } from '../../../shared/api';

/**
 * Waits until the lease's channel is READY, or has failed to connect (TRANSIENT_FAILURE: the
 * request that follows then fails at once with grpc-js's own, more precise reason), for at most
 * `connection.connectTimeoutMs`. Returns the timeout error when the channel is still connecting
 * by then — a host that accepts TCP but never speaks HTTP/2 would otherwise hold the request
 * until its overall deadline. Without a connect timeout there is nothing to wait for.
 *
 * Engine operations besides calls (reflection, health, channelz) use this; calls enforce the same
 * limit while their stream is open (call/start-call.ts).
 */
export function awaitConnection(
  lease: ChannelLease,
  connection: ConnectionOptions,
): Promise<WorkbenchErrorData | undefined> {
  const { connectTimeoutMs, target } = connection;
  if (connectTimeoutMs === undefined) return Promise.resolve(undefined);
  const channel = lease.client.getChannel();
  const deadline = Date.now() + connectTimeoutMs;
  return new Promise((resolve) => {
    const check = (): void => {
      // `true` starts connecting an IDLE channel; nothing else would until a request is made.
      const state = channel.getConnectivityState(true);
      if (
        state === connectivityState.READY ||
        state === connectivityState.TRANSIENT_FAILURE ||
        state === connectivityState.SHUTDOWN
      ) {
        resolve(undefined);
        return;
      }
      channel.watchConnectivityState(state, deadline, (error) =>
        error === undefined ? check() : resolve(connectTimeoutError(target, connectTimeoutMs)),
      );
    };
    check();
  });
}

/** awaitConnection for operations that report failures by throwing: throws the timeout as an WorkbenchError. */
export async function connectOrThrow(lease: ChannelLease, connection: ConnectionOptions): Promise<void> {
  const failure = await awaitConnection(lease, connection);
  if (failure !== undefined)
    throw new WorkbenchError(failure.kind, failure.message, { subject: failure.subject, hint: failure.hint });
}

/** The one wording of "never got connected", for calls and every other engine operation. */
export function connectTimeoutError(target: string, connectTimeoutMs: number): WorkbenchErrorData {
  return {
    kind: 'timeout',
    message: `Could not connect to ${target} within ${connectTimeoutMs} ms.`,
    subject: target,
    hint: 'Check that the address is reachable (firewall, VPN, port-forward), or raise the connect timeout.',
    setting: 'connectTimeoutMs',
  };
}
