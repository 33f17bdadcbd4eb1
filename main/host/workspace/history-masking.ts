/**
 * Secrets never reach the history file: values of sensitive metadata keys are masked (unless they
 * are templates such as `Bearer {{secret.token}}`, which hold no secret), and every value of a
 * secret the call could have sent — each `{{secret.NAME}}` it names, from the collection's secret
 * store or its WORKBENCH_SECRET_ variable — is masked wherever it appears, also in what a server
 * echoed back.
 */
import { resolve } from 'node:path';
import type { HistoryEntry, RequestDraft } from '../../../shared/api';
import { createMasker, maskDeep, SECRET_MASK } from '../../../shared/collections/masking';
import { findVariablesDeep, secretEnvVariable } from '../../../shared/collections/variables';
import { secretKey, type SecretStore } from '../../engine/index';

const sensitiveKeys = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const sensitiveKeyPart = /token|secret|password|passwd|api-key|apikey|api_key|credential/;
const template = /\{\{[^}]*\}\}/g;
/** What may stay of a value besides its templates: an auth scheme such as `Bearer `. */
const schemeOnly = /^\s*(?:[A-Za-z][A-Za-z0-9-]*\s+)?$/;

export function isSensitiveMetadataKey(key: string): boolean {
  const lower = key.toLowerCase();
  return sensitiveKeys.has(lower) || sensitiveKeyPart.test(lower);
}

/** A sensitive value as kept: its templates when it is only templates (and a scheme), else the mask. */
export function maskSensitiveValue(value: string): string {
  const templates = value.match(template);
  return templates !== null && schemeOnly.test(value.replace(template, '')) ? value : SECRET_MASK;
}

export function maskRequestMetadata(request: RequestDraft): RequestDraft {
  if (request.metadata === undefined) return request;
  const metadata = Object.fromEntries(
    Object.entries(request.metadata).map(([key, value]) => [
      key,
      isSensitiveMetadataKey(key) ? maskSensitiveValue(value) : value,
    ]),
  );
  return { ...request, metadata };
}

export interface SecretSourcesForMasking {
  store?: SecretStore | undefined;
  processEnv?: Readonly<Record<string, string | undefined>>;
}

/** The values of the secrets `sent` names (`{{secret.NAME}}` anywhere in it) for the collection `root`. */
export async function secretValuesFor(
  sent: unknown,
  root: string | undefined,
  { store, processEnv = process.env }: SecretSourcesForMasking,
): Promise<string[]> {
  const names = findVariablesDeep(sent)
    .filter((ref) => ref.kind === 'secret')
    .map((ref) => ref.name);
  const values: string[] = [];
  for (const name of names) {
    const fromEnv = processEnv[secretEnvVariable(name)];
    if (fromEnv !== undefined) values.push(fromEnv);
    const stored = root === undefined ? undefined : await store?.get(secretKey(resolve(root), name));
    if (stored !== undefined) values.push(stored);
  }
  return values;
}

/** The entry as the history keeps it: sensitive metadata masked, and every secret value in what it holds. */
export function maskHistoryEntry(entry: HistoryEntry, secretValues: readonly string[]): HistoryEntry {
  const mask = createMasker(secretValues);
  const masked: HistoryEntry = {
    ...entry,
    request: maskDeep(maskRequestMetadata(entry.request), mask),
    status: { ...entry.status, message: mask(entry.status.message) },
  };
  if (entry.firstMessage !== undefined) masked.firstMessage = mask(entry.firstMessage);
  if (entry.lastMessage !== undefined) masked.lastMessage = mask(entry.lastMessage);
  return masked;
}
