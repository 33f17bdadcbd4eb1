/**
 * The request metadata table: editable rows (UI state: blank rows, order, the row being typed),
 * written through to the draft's metadata map, and their check with shared/metadata's rules so
 * each row's message shows next to the field at fault.
 */
import type { MetadataEntry } from '../../../shared/api';
import { normalizeMetadataEntry } from '../../../shared/metadata';
import { describeMetadataError } from './request-draft';

export interface MetadataRow {
  id: number;
  key: string;
  value: string;
}

export interface MetadataRowsCheck {
  /** The valid rows, keys normalized (lowercase). */
  entries: MetadataEntry[];
  /** Row id → what is wrong with it (and how to fix it). Empty when every row is fine. */
  problems: Map<number, string>;
}

const isBlank = (row: MetadataRow): boolean => row.key.trim() === '' && row.value === '';

/** Checks every row; blank rows (no key, no value) are skipped, not errors. */
export function checkMetadataRows(rows: readonly MetadataRow[]): MetadataRowsCheck {
  const entries: MetadataEntry[] = [];
  const problems = new Map<number, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    if (isBlank(row)) continue;
    if (seen.has(row.key)) {
      problems.set(row.id, `Metadata key "${row.key}" is given twice. A request holds one value per key.`);
      continue;
    }
    seen.add(row.key);
    try {
      entries.push(normalizeMetadataEntry({ key: row.key, value: row.value }));
    } catch (error) {
      problems.set(row.id, describeMetadataError(error));
    }
  }
  return { entries, problems };
}

/** The draft's metadata map: every row that is not blank, as written (the send checks them). */
export function rowsToMetadata(rows: readonly MetadataRow[]): Record<string, string> {
  const metadata = new Map<string, string>();
  for (const row of rows) if (!isBlank(row) && !metadata.has(row.key)) metadata.set(row.key, row.value);
  return Object.fromEntries(metadata);
}
