import type { ConnectionOptions } from '../../shared/api';
import type { ConnectionFlags } from './args';

/** grpcurl waits 10 s for a connection unless -connect-timeout says otherwise. */
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** grpcurl's connection flags as the engine's ConnectionOptions (seconds become milliseconds). */
export function buildConnectionOptions(
  target: string,
  flags: ConnectionFlags,
  clientVersion: string,
): ConnectionOptions {
  const ownAgent = `grpc-workbench/${clientVersion}`;
  return {
    target,
    tls: flags.plaintext
      ? { mode: 'plaintext' }
      : {
          mode: 'tls',
          ...(flags.cacert === undefined ? {} : { caFile: flags.cacert }),
          ...(flags.cert === undefined ? {} : { certFile: flags.cert }),
          ...(flags.key === undefined ? {} : { keyFile: flags.key }),
          ...(flags.insecure ? { insecureSkipVerify: true } : {}),
          // grpcurl ignores -servername with -insecure (nothing is verified); the engine then
          // derives the TLS name and :authority from -authority alone.
          ...(flags.servername === undefined || flags.insecure ? {} : { serverName: flags.servername }),
        },
    ...(flags.authority === undefined ? {} : { authority: flags.authority }),
    ...(flags.keepaliveTimeSec === undefined ? {} : { keepaliveTimeMs: secondsToMs(flags.keepaliveTimeSec) }),
    ...(flags.maxMsgSz === undefined ? {} : { maxReceiveMessageBytes: flags.maxMsgSz }),
    // Like grpcurl: the user's agent first, then ours.
    userAgent: flags.userAgent === undefined ? ownAgent : `${flags.userAgent} ${ownAgent}`,
    connectTimeoutMs:
      flags.connectTimeoutSec === undefined ? DEFAULT_CONNECT_TIMEOUT_MS : secondsToMs(flags.connectTimeoutSec),
  };
}

/** Float seconds (grpcurl's unit) to whole milliseconds, at least 1 so a tiny value stays a limit. */
export function secondsToMs(seconds: number): number {
  return Math.max(1, Math.round(seconds * 1000));
}
