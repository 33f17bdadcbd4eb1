/**
 * The saved request — the model of a `*.grpc.yaml` file of a collection (docs/collections.md) —
 * and the shape the UI's request draft edits, so saving a tab is a write, not a translation.
 * Everything here is what a user writes in YAML: durations as text (`5s`), JSON bodies as text
 * (never YAML mappings: YAML would turn "9007199254740993" into a lossy number and `no` into false).
 */
import * as z from 'zod';
import { tlsOptionsSchema } from '../api/connection';
import { lazySchema } from '../api/lazy-schema';

/**
 * The connection's TLS options (shared/api/connection.ts), strictly: a misspelt key in a file is
 * an error, not a silently plaintext-ish setting. Paths are relative to the file that holds them.
 */
export const tlsSettingSchema = lazySchema(() => {
  const [plaintext, tls] = tlsOptionsSchema.options;
  return z.discriminatedUnion('mode', [plaintext.strict(), tls.strict()]);
});
export type TlsSetting = z.infer<typeof tlsSettingSchema>;

/** Request metadata: name → value (`-bin` values base64). */
export const metadataMapSchema = lazySchema(() => z.record(z.string(), z.string()));

/** One step of a client or bidi stream's input, run in order, then half-close. */
export const streamStepSchema = lazySchema(() =>
  z.union([
    z.object({ json: z.string() }).strict(),
    z.object({ file: z.string().min(1) }).strict(),
    z.object({ delay: z.string().min(1) }).strict(),
    z.object({ wait: z.object({ received: z.number().int().nonnegative() }).strict() }).strict(),
  ]),
);
export type StreamStep = z.infer<typeof streamStepSchema>;

/** A JSON body given as text; `partial`: every field given must match, others are ignored. */
const jsonMatchSchema = lazySchema(() =>
  z.object({ equals: z.string().optional(), partial: z.string().optional() }).strict(),
);

/** A header or trailer check: an exact value, a regular expression, or presence. */
export const metadataCheckSchema = lazySchema(() =>
  z.union([z.string(), z.object({ matches: z.string() }).strict(), z.object({ exists: z.boolean() }).strict()]),
);

export const lbExpectationSchema = lazySchema(() =>
  z
    .object({
      calls: z.number().int().positive(),
      concurrency: z.number().int().positive(),
      connections: z.union([z.literal('shared'), z.literal('per-call'), z.number().int().positive()]).optional(),
      backendKey: z.string().optional(),
      verdict: z.enum(['balanced', 'pinned', 'skewed']).optional(),
      distinctBackends: z.object({ min: z.number().int().nonnegative() }).strict().optional(),
    })
    .strict(),
);

/** What a run checks about a request's outcome; every entry is optional and reported on its own. */
export const expectationsSchema = lazySchema(() =>
  z
    .object({
      /** A status name (`OK`, `NOT_FOUND`) or number. */
      status: z.union([z.string(), z.number().int()]).optional(),
      /** On a stream: the first message. */
      message: jsonMatchSchema.optional(),
      messages: z
        .object({
          count: z
            .union([
              z.number().int().nonnegative(),
              z
                .object({
                  min: z.number().int().nonnegative().optional(),
                  max: z.number().int().nonnegative().optional(),
                })
                .strict(),
            ])
            .optional(),
          items: z.array(z.object({ partial: z.string() }).strict()).optional(),
          each: z.object({ partial: z.string() }).strict().optional(),
        })
        .strict()
        .optional(),
      headers: z.record(z.string(), metadataCheckSchema).optional(),
      trailers: z.record(z.string(), metadataCheckSchema).optional(),
      /** Decoded `grpc-status-details-bin` entries, e.g. `{type: google.rpc.BadRequest, partial: '{…}'}`. */
      errorDetails: z.array(z.object({ type: z.string().min(1), partial: z.string().optional() }).strict()).optional(),
      /** The call's total time at most, e.g. `500ms`. */
      within: z.string().optional(),
      /** Variable name → JSONPath into the last message; usable as `{{name}}` by later requests of the run. */
      capture: z.record(z.string(), z.string()).optional(),
      /** Runs a burst of this request and checks the load-balancing lens's verdict. */
      lb: lbExpectationSchema.optional(),
    })
    .strict(),
);
export type Expectations = z.infer<typeof expectationsSchema>;

/** How the channel is set up beyond target and TLS: sizes as text (`64MiB`), durations as text (`30s`). */
export const channelSettingsSchema = lazySchema(() =>
  z
    .object({
      /** The largest response message accepted (default 64MiB). */
      maxReceiveSize: z.string().optional(),
      maxSendSize: z.string().optional(),
      /** HTTP/2 keepalive ping interval. */
      keepalive: z.string().optional(),
      /** How long to wait for the channel to connect before the call fails. */
      connectTimeout: z.string().optional(),
      userAgent: z.string().optional(),
    })
    .strict(),
);
export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

/** A `*.grpc.yaml` file: `kind: grpc-request`. */
export const grpcRequestSchema = lazySchema(() =>
  z
    .object({
      kind: z.literal('grpc-request'),
      name: z.string().min(1),
      /** `package.Service/Method`. */
      method: z.string().min(1),
      target: z.string().optional(),
      tls: tlsSettingSchema.optional(),
      authority: z.string().optional(),
      loadBalancingPolicy: z.enum(['pick_first', 'round_robin']).optional(),
      /** gRPC service config as JSON text. */
      serviceConfig: z.string().optional(),
      channel: channelSettingsSchema.optional(),
      /** Request message compression (default identity). */
      compression: z.enum(['identity', 'gzip']).optional(),
      /** e.g. `5s`, `250ms`. */
      deadline: z.string().optional(),
      metadata: metadataMapSchema.optional(),
      /** Unary and server streaming: the request as JSON text. */
      message: z.string().optional(),
      /** Client and bidi streaming: the steps of the input stream. */
      messages: z.array(streamStepSchema).optional(),
      expect: expectationsSchema.optional(),
      tags: z.array(z.string().min(1)).optional(),
    })
    .strict(),
);
export type GrpcRequest = z.infer<typeof grpcRequestSchema>;

/**
 * The request as written, with the target and TLS it was sent to where it names none (a
 * collection's default filled them in): a call reopened from the history goes where it went.
 */
export function withSentConnection<Request extends Pick<GrpcRequest, 'kind' | 'target' | 'tls'>>(
  request: Request,
  sent: { target: string; tls: TlsSetting },
): Request {
  if (request.target?.trim()) return request;
  return { ...request, target: sent.target, ...(request.tls === undefined ? { tls: { ...sent.tls } } : {}) };
}
