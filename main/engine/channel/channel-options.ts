import type { ChannelOptions } from '@grpc/grpc-js';
import type { ConnectionOptions } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';

/** Engineers inspect large responses: receive up to 64 MiB by default instead of grpc's 4 MiB. */
export const DEFAULT_MAX_RECEIVE_MESSAGE_BYTES = 64 * 1024 * 1024;

/** grpc-js's CompressionAlgorithms value for gzip. */
const GZIP_ALGORITHM = 2;

/**
 * Per-channel settings that are not part of ConnectionOptions but still need their own channel,
 * because grpc-js only knows them as channel options (e.g. request compression has no per-call switch).
 */
export interface ChannelTuning {
  compression?: 'identity' | 'gzip';
}

/** The grpc-js channel options for a connection: everything except the credentials. */
export function buildChannelOptions(connection: ConnectionOptions, tuning: ChannelTuning = {}): ChannelOptions {
  const options: ChannelOptions = {
    'grpc.max_receive_message_length': connection.maxReceiveMessageBytes ?? DEFAULT_MAX_RECEIVE_MESSAGE_BYTES,
    // Each channel owns its connections. grpc-js otherwise shares subchannels (and so TCP
    // connections) between channels with equal options, which would defeat per-call and K-channel
    // bursts in the load-balancing lens.
    'grpc.use_local_subchannel_pool': 1,
  };
  if (connection.maxSendMessageBytes !== undefined)
    options['grpc.max_send_message_length'] = connection.maxSendMessageBytes;
  if (connection.keepaliveTimeMs !== undefined) options['grpc.keepalive_time_ms'] = connection.keepaliveTimeMs;
  if (connection.userAgent !== undefined) options['grpc.primary_user_agent'] = connection.userAgent;
  const serviceConfig = buildServiceConfig(connection);
  if (serviceConfig !== undefined) options['grpc.service_config'] = serviceConfig;
  const tlsName = tlsServerName(connection);
  if (tlsName !== undefined) options['grpc.ssl_target_name_override'] = tlsName;
  const authority = connection.authority ?? tlsName;
  if (authority !== undefined) options['grpc.default_authority'] = authority;
  if (tuning.compression === 'gzip') options['grpc.default_compression_algorithm'] = GZIP_ALGORITHM;
  return options;
}

/**
 * The name the server certificate is checked against when it is not the target's host: the
 * explicit server name, else (as grpcurl does) the host part of an :authority override.
 */
function tlsServerName(connection: ConnectionOptions): string | undefined {
  if (connection.tls.mode !== 'tls') return undefined;
  if (connection.tls.serverName !== undefined) return connection.tls.serverName;
  return connection.authority === undefined ? undefined : hostOfAuthority(connection.authority);
}

function hostOfAuthority(authority: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(authority);
  if (bracketed) return bracketed[1]!;
  const hostPort = /^([^:]+):\d+$/.exec(authority);
  return hostPort ? hostPort[1]! : authority;
}

/** The user's service config JSON with the chosen load-balancing policy merged in (the policy wins). */
function buildServiceConfig(connection: ConnectionOptions): string | undefined {
  if (connection.serviceConfigJson === undefined && connection.loadBalancingPolicy === undefined) return undefined;
  const config = connection.serviceConfigJson === undefined ? {} : parseServiceConfig(connection.serviceConfigJson);
  if (connection.loadBalancingPolicy !== undefined) {
    delete config.loadBalancingPolicy;
    config.loadBalancingConfig = [{ [connection.loadBalancingPolicy]: {} }];
  }
  return JSON.stringify(config);
}

function parseServiceConfig(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WorkbenchError('bad_input', `The service config is not valid JSON: ${(error as Error).message}`, {
      subject: 'serviceConfigJson',
      hint: 'Pass a gRPC service config object, e.g. {"loadBalancingConfig":[{"round_robin":{}}]}.',
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WorkbenchError('bad_input', 'The service config must be a JSON object.', {
      subject: 'serviceConfigJson',
      hint: 'Pass a gRPC service config object, e.g. {"methodConfig":[…]}.',
    });
  }
  return parsed as Record<string, unknown>;
}
