/** Contract domain `health`: grpc.health.v1 Check, and Watch as a call-like event stream. */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import type { CallStatus } from './calls';
import { clientIdSchema, connectionOptionsSchema, metadataEntrySchema } from './connection';

export const servingStatusNames = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;
export type ServingStatusName = (typeof servingStatusNames)[number];

export const healthCheckParamsSchema = lazySchema(() =>
  z.object({
    connection: connectionOptionsSchema,
    /** Service name to ask about; '' means the whole server. */
    service: z.string().default(''),
    metadata: z.array(metadataEntrySchema).default([]),
    /** The collection the metadata comes from: the host resolves its `{{secret.NAME}}` (as for startCall). */
    collection: z.object({ root: z.string().min(1) }).optional(),
    /** Check: default 30 s. Watch: none (it runs until cancelled). */
    deadlineMs: z.number().int().positive().optional(),
  }),
);

export interface HealthCheckResult {
  /** The call's status: OK when the server answered (NOT_FOUND: it does not know the service). */
  status: CallStatus;
  /** The server's answer, when the call succeeded. */
  servingStatus?: ServingStatusName;
}

/** grpc.health.v1 List (gRFC A90), else Check of each of `services`. */
export const listHealthParamsSchema = lazySchema(() =>
  healthCheckParamsSchema.omit({ service: true }).extend({
    /** Asked one by one with Check where the server has no List, besides '' (the whole server). */
    services: z.array(z.string()).max(1000).default([]),
  }),
);

export interface HealthServiceStatus {
  /** '' = the whole server. */
  service: string;
  servingStatus?: ServingStatusName;
  /** This service's call (List's own status when it came from List). UNIMPLEMENTED: no health service. */
  status: CallStatus;
}

export interface HealthListResult {
  /** `list`: the server answered List; `check`: it has no List (UNIMPLEMENTED), so each service was asked with Check. */
  method: 'list' | 'check';
  /** List's own status: OK, UNIMPLEMENTED (then the Checks ran) or why it failed. */
  listStatus: CallStatus;
  /** By service name, '' first. */
  services: HealthServiceStatus[];
}

/** A Watch is a call: the client picks its id, hears its events, and ends it with cancelCall. */
export const watchHealthParamsSchema = lazySchema(() => healthCheckParamsSchema.extend({ callId: clientIdSchema }));

export type HealthEvent =
  | { type: 'health-status'; callId: string; servingStatus: ServingStatusName }
  /** Exactly one per watch: the server closed it, it failed, or it was cancelled. */
  | { type: 'health-end'; callId: string; status: CallStatus };
