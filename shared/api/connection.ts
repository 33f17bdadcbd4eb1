/** Contract domain `connection`: how a channel is addressed and secured, and what metadata looks like. */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';

export const rpcKindSchema = lazySchema(() =>
  z.enum(['unary', 'server_streaming', 'client_streaming', 'bidi_streaming']),
);
export type RpcKind = z.infer<typeof rpcKindSchema>;

/**
 * A client-chosen id of a call, burst or watch: the client subscribes to it before it starts the
 * operation, so no event can arrive before someone listens.
 */
export const clientIdSchema = lazySchema(() =>
  z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'an id is 1–100 letters, digits, - or _ (e.g. a UUID)'),
);

/** One request metadata entry. For keys ending in `-bin` the value is base64. */
export const metadataEntrySchema = lazySchema(() =>
  z.object({
    key: z.string().min(1),
    value: z.string(),
  }),
);
export type MetadataEntry = z.infer<typeof metadataEntrySchema>;

/** Received metadata (headers or trailers): name → values; binary (`-bin`) values are base64. */
export type MetadataJson = Record<string, string[]>;

export const tlsOptionsSchema = lazySchema(() =>
  z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('plaintext') }),
    z.object({
      mode: z.literal('tls'),
      /** PEM file of the CA(s) to trust instead of the system roots. */
      caFile: z.string().optional(),
      /** Client certificate and key (PEM files) for mTLS. */
      certFile: z.string().optional(),
      keyFile: z.string().optional(),
      /** Skip server certificate verification (grpcurl's -insecure). */
      insecureSkipVerify: z.boolean().optional(),
      /** Name to verify the server certificate against (grpcurl's -servername). */
      serverName: z.string().optional(),
    }),
  ]),
);
export type TlsOptions = z.infer<typeof tlsOptionsSchema>;

export const lbPolicySchema = lazySchema(() => z.enum(['pick_first', 'round_robin']));
export type LbPolicy = z.infer<typeof lbPolicySchema>;

/** Everything that identifies a channel. Channels are pooled by the whole object. */
export const connectionOptionsSchema = lazySchema(() =>
  z.object({
    /** Any target grpc-js accepts: host:port, dns:///host:port, ipv4:a:p,b:p, ipv6:…, unix:/path. */
    target: z.string().min(1),
    tls: tlsOptionsSchema,
    /** Overrides the :authority header (grpcurl's -authority). */
    authority: z.string().optional(),
    keepaliveTimeMs: z.number().int().positive().optional(),
    loadBalancingPolicy: lbPolicySchema.optional(),
    /** Any gRPC service config JSON (retry policy, …). Merged with loadBalancingPolicy. */
    serviceConfigJson: z.string().optional(),
    /** Default 64 MiB (not grpc's 4 MiB): engineers inspect large responses. */
    maxReceiveMessageBytes: z.number().int().positive().optional(),
    maxSendMessageBytes: z.number().int().positive().optional(),
    userAgent: z.string().optional(),
    /** How long to wait for the channel to become READY before a call fails. */
    connectTimeoutMs: z.number().int().positive().optional(),
    /**
     * Distinguishes otherwise identical channels, e.g. the per-call or K channels of a burst.
     * Absent for the normal shared channel.
     */
    channelKey: z.string().optional(),
  }),
);
export type ConnectionOptions = z.infer<typeof connectionOptionsSchema>;
