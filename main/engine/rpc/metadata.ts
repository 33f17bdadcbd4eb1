import { Metadata } from '@grpc/grpc-js';
import type { MetadataEntry, MetadataJson } from '../../../shared/api';
import { isBinaryKey, MetadataError, normalizeMetadataEntry } from '../../../shared/metadata';
import { WorkbenchError } from '../../../shared/api';

/** Request metadata for grpc-js, validated; `-bin` values are base64 text, decoded to bytes here. */
export function toGrpcMetadata(entries: readonly MetadataEntry[], options: { waitForReady?: boolean } = {}): Metadata {
  const metadata = new Metadata(options.waitForReady ? { waitForReady: true } : {});
  for (const entry of entries) {
    const { key, value } = validEntry(entry);
    if (isBinaryKey(key)) metadata.add(key, Buffer.from(value, 'base64'));
    else metadata.add(key, value);
  }
  return metadata;
}

function validEntry(entry: MetadataEntry): MetadataEntry {
  try {
    return normalizeMetadataEntry(entry);
  } catch (error) {
    if (!(error instanceof MetadataError)) throw error;
    throw new WorkbenchError('bad_input', `Request metadata: ${error.message}.`, {
      subject: entry.key,
      hint: error.hint,
    });
  }
}

/** Received metadata as JSON: every value of every key, binary values base64. */
export function metadataToJson(metadata: Metadata, omit: readonly string[] = []): MetadataJson {
  const json: MetadataJson = {};
  for (const [key, values] of Object.entries(metadata.toJSON())) {
    if (omit.includes(key)) continue;
    json[key] = values.map((value) => (typeof value === 'string' ? value : value.toString('base64')));
  }
  return json;
}
