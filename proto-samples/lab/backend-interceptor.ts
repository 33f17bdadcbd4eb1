import * as grpc from '@grpc/grpc-js';
import { injectedFailureStatus } from './rpc-errors';
import type { InjectedFailure } from './rpc-errors';

/** How a backend misbehaves on purpose; changeable while it runs. */
export interface BackendBehavior {
  /** Delay before each application call (not health or reflection) is handled, in ms. */
  delayMs: number;
  /** When set, every application call fails with this status (after the delay). */
  failure: InjectedFailure | null;
  /** Health reports NOT_SERVING for the server and its application service. */
  notServing: boolean;
}

export const BACKEND_HEADER = 'x-backend';
/** Request metadata keys with this prefix come back as `x-echo-<key>` response headers. */
const ECHOED_PREFIX = 'x-';
const ECHO_PREFIX = 'x-echo-';

export interface BackendInterceptorOptions {
  name: string;
  /** Read on every call, so behaviour changes apply to the next call. */
  behavior: () => BackendBehavior;
  /** Paths starting with this (e.g. "/user.v1.UserService/") are application calls. */
  applicationPathPrefix: string;
  /** Told of every application call as it arrives (before any delay or injected failure). */
  onApplicationCall?: () => void;
}

/**
 * Applies to every call the server takes (health, reflection and channelz included): tags headers
 * and trailers with `x-backend: <name>` so a client behind a proxy can tell who answered, echoes
 * `x-…` request metadata back as `x-echo-…` headers, and delays or fails application calls.
 * A call that fails before sending headers gets a trailers-only response, so there the echo goes
 * into the trailers.
 */
export function backendInterceptor(options: BackendInterceptorOptions): grpc.ServerInterceptor {
  return (method, call) => {
    const echo = new grpc.Metadata();
    let headersSent = false;
    let delayTimer: NodeJS.Timeout | undefined;

    const intercepted: grpc.ServerInterceptingCall = new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, forward) => {
            copyEchoes(metadata, echo);
            if (!method.path.startsWith(options.applicationPathPrefix)) return forward(metadata);
            options.onApplicationCall?.();
            const proceed = () => {
              const failure = options.behavior().failure;
              // Not forwarding the metadata means the handler never starts: the backend fails the call itself.
              if (failure) intercepted.sendStatus(injectedFailureStatus(failure, 'BACKEND_FAILING', options.name));
              else forward(metadata);
            };
            const { delayMs } = options.behavior();
            if (delayMs > 0) delayTimer = setTimeout(proceed, delayMs);
            else proceed();
          },
          onCancel: () => clearTimeout(delayTimer),
        }),
      sendMetadata: (metadata, next) => {
        headersSent = true;
        metadata.merge(echo);
        metadata.set(BACKEND_HEADER, options.name);
        next(metadata);
      },
      sendStatus: (status, next) => {
        const trailers = status.metadata?.clone() ?? new grpc.Metadata();
        if (!headersSent) trailers.merge(echo);
        trailers.set(BACKEND_HEADER, options.name);
        next({ ...status, metadata: trailers });
      },
    });
    return intercepted;
  };
}

function copyEchoes(request: grpc.Metadata, echo: grpc.Metadata): void {
  for (const key of Object.keys(request.getMap())) {
    if (!key.startsWith(ECHOED_PREFIX)) continue;
    for (const value of request.get(key)) echo.add(`${ECHO_PREFIX}${key}`, value);
  }
}
