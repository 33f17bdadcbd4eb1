/**
 * Request metadata as users type it: grpcurl-style `-H "name: value"` arguments and the app's
 * metadata table. Keys follow the gRPC HTTP/2 spec (lowercase `0-9 a-z _ - .`); keys ending in
 * `-bin` carry binary values, written as base64; other values must be printable ASCII.
 */
import type { MetadataEntry, MetadataJson } from './api';
import { isBase64 } from './codec/scalars';

export class MetadataError extends Error {
  /** The key at fault, when there is one. */
  readonly key?: string;
  readonly hint?: string;

  constructor(message: string, options: { key?: string; hint?: string } = {}) {
    super(message);
    this.name = 'MetadataError';
    this.key = options.key;
    this.hint = options.hint;
  }
}

const keyPattern = /^[0-9a-z_.-]+$/;

/** Headers that grpc-js or HTTP/2 itself sets; sending them as metadata breaks or is ignored. */
const reservedKeys: Record<string, string> = {
  'content-type': 'the gRPC client sets it',
  te: 'the gRPC client sets it',
  host: 'use the authority option (-authority) to change the :authority header',
  // grpc-js writes its own user-agent over one given as metadata, so it would silently not be sent.
  'user-agent': 'the gRPC client sends its own',
  connection: 'HTTP/2 forbids connection-specific headers',
  'keep-alive': 'HTTP/2 forbids connection-specific headers',
  'proxy-connection': 'HTTP/2 forbids connection-specific headers',
  'transfer-encoding': 'HTTP/2 forbids connection-specific headers',
  upgrade: 'HTTP/2 forbids connection-specific headers',
};

export function isBinaryKey(key: string): boolean {
  return key.toLowerCase().endsWith('-bin');
}

/** Returns the key in normalized (lowercase) form, or throws MetadataError saying what is wrong. */
export function normalizeMetadataKey(rawKey: string): string {
  const key = rawKey.trim().toLowerCase();
  if (key === '') throw new MetadataError('metadata key is empty', { hint: 'Write headers as "name: value".' });
  if (key.startsWith(':')) {
    throw new MetadataError(`metadata key "${key}" is an HTTP/2 pseudo-header, which cannot be sent as metadata`, {
      key,
      hint:
        key === ':authority'
          ? 'Use the authority option ({{authority}}) instead.'
          : 'The gRPC client sets pseudo-headers itself.',
    });
  }
  if (key.startsWith('grpc-')) {
    throw new MetadataError(`metadata key "${key}" uses the reserved "grpc-" prefix`, {
      key,
      hint:
        key === 'grpc-timeout'
          ? 'Set a deadline ({{deadlineMs}}) instead.'
          : 'Keys starting with "grpc-" are reserved for gRPC itself; choose another name.',
    });
  }
  const reason = reservedKeys[key];
  if (reason !== undefined)
    throw new MetadataError(`metadata key "${key}" cannot be set: ${reason}`, {
      key,
      ...(key === 'user-agent' ? { hint: 'Set the user agent with {{userAgent}} instead.' } : {}),
    });
  if (!keyPattern.test(key)) {
    const bad = [...key].find((ch) => !keyPattern.test(ch)) ?? '';
    throw new MetadataError(`metadata key "${key}" contains ${JSON.stringify(bad)}`, {
      key,
      hint: 'Keys may contain only 0-9, a-z, "_", "-" and ".".',
    });
  }
  return key;
}

/** Validates an entry and returns it with its key normalized. Text values must be printable ASCII. */
export function normalizeMetadataEntry(entry: MetadataEntry): MetadataEntry {
  const key = normalizeMetadataKey(entry.key);
  if (isBinaryKey(key)) {
    if (!isBase64(entry.value)) {
      throw new MetadataError(`value of binary metadata "${key}" is not valid base64`, {
        key,
        hint: 'Keys ending in -bin take base64-encoded bytes.',
      });
    }
    return { key, value: entry.value.replace(/\s+/g, '') };
  }
  const badAt = [...entry.value].findIndex((ch) => ch < ' ' || ch > '~');
  if (badAt >= 0) {
    throw new MetadataError(
      `value of metadata "${key}" has a character that is not printable ASCII at position ${badAt + 1}`,
      {
        key,
        hint: 'Text metadata must be printable ASCII; for other bytes use a key ending in -bin with a base64 value.',
      },
    );
  }
  return { key, value: entry.value };
}

export function normalizeMetadata(entries: readonly MetadataEntry[]): MetadataEntry[] {
  return entries.map(normalizeMetadataEntry);
}

/** A problem with the entry for display next to it (e.g. in the metadata table), or undefined. */
export function metadataEntryProblem(entry: MetadataEntry): string | undefined {
  try {
    normalizeMetadataEntry(entry);
    return undefined;
  } catch (error) {
    if (error instanceof MetadataError) return error.message;
    throw error;
  }
}

/** grpcurl's `-H 'name: value'`: the first colon splits, both sides are trimmed. */
export function parseHeaderArg(arg: string): MetadataEntry {
  const colon = arg.indexOf(':');
  // A leading colon is a pseudo-header name (":authority: x"), not an empty name.
  const split = colon === 0 ? arg.indexOf(':', 1) : colon;
  if (split < 0)
    throw new MetadataError(`header "${arg}" is not of the form "name: value"`, {
      hint: 'Example: -H "authorization: Bearer TOKEN".',
    });
  return normalizeMetadataEntry({ key: arg.slice(0, split), value: arg.slice(split + 1).trim() });
}

/** Entries grouped by key, in first-seen order, as headers and trailers are reported. */
export function metadataToJson(entries: readonly MetadataEntry[]): MetadataJson {
  const grouped: MetadataJson = {};
  for (const { key, value } of entries) {
    if (!Object.prototype.hasOwnProperty.call(grouped, key))
      Object.defineProperty(grouped, key, { value: [], enumerable: true, writable: true, configurable: true });
    (grouped[key] as string[]).push(value);
  }
  return grouped;
}

export function metadataFromJson(json: MetadataJson): MetadataEntry[] {
  return Object.entries(json).flatMap(([key, values]) => values.map((value) => ({ key, value })));
}
