/**
 * The request metadata table: editable rows, and their check into the contract's MetadataEntry[]
 * with shared/metadata's rules (the CLI's -H uses the same). Each row gets its own message so the
 * table can show it next to the field at fault.
 */
import type { MetadataEntry } from '../../../shared/api';
import { MetadataError, normalizeMetadataEntry } from '../../../shared/metadata';
import { nameSettings } from '../../../shared/settings';

export interface MetadataRow {
  id: number;
  key: string;
  value: string;
}

export interface MetadataCheck {
  /** The valid rows, keys normalized (lowercase). */
  entries: MetadataEntry[];
  /** Row id → what is wrong with it (and how to fix it). Empty when every row is fine. */
  problems: Map<number, string>;
}

/** Checks every row; blank rows (no key, no value) are skipped, not errors. */
export function checkMetadataRows(rows: readonly MetadataRow[]): MetadataCheck {
  const entries: MetadataEntry[] = [];
  const problems = new Map<number, string>();
  for (const row of rows) {
    if (row.key.trim() === '' && row.value === '') continue;
    try {
      entries.push(normalizeMetadataEntry({ key: row.key, value: row.value }));
    } catch (error) {
      if (!(error instanceof MetadataError)) throw error;
      problems.set(row.id, error.hint ? `${error.message}. ${nameSettings(error.hint, 'ui')}` : error.message);
    }
  }
  return { entries, problems };
}
