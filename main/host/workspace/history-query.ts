/**
 * Which history entries a listHistory query keeps: all of its words (case-insensitive) somewhere in
 * the call's text, the exact method (or every method of a service), the exact target, a status.
 */
import type { HistoryEntry } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import { parseStatusCode } from '../../../shared/status-codes';

export interface HistoryQuery {
  text: string;
  method?: string | undefined;
  target?: string | undefined;
  /** A status name or number, or `failed` for every non-OK. */
  status?: string | undefined;
}

export type HistoryFilter = (entry: HistoryEntry) => boolean;

/** Throws bad_input for a status that names none. */
export function historyFilter(query: HistoryQuery): HistoryFilter {
  const words = query.text.toLowerCase().split(/\s+/).filter(Boolean);
  const status = statusTest(query.status);
  const { method, target } = query;
  return (entry) =>
    (method === undefined || method === '' || methodMatches(entry.request.method, method)) &&
    (target === undefined || target === '' || entry.request.target === target) &&
    status(entry.status.code) &&
    (words.length === 0 || containsAll(searchText(entry), words));
}

/** `pkg.Service/Method` matches itself (either separator); `pkg.Service` matches each of its methods. */
function methodMatches(entryMethod: string, wanted: string): boolean {
  const normalise = (name: string) => name.replace(/^\//, '').replace(/\.(?=[^./]*$)/, '/');
  const entry = entryMethod.includes('/') ? entryMethod.replace(/^\//, '') : normalise(entryMethod);
  const asked = wanted.replace(/^\//, '');
  return entry === asked || entry === normalise(asked) || entry.startsWith(`${asked}/`);
}

function statusTest(status: string | undefined): (code: number) => boolean {
  if (status === undefined || status === '') return () => true;
  if (status.trim().toLowerCase() === 'failed') return (code) => code !== 0;
  const wanted = parseStatusCode(status);
  if (wanted === undefined) {
    throw new WorkbenchError('bad_input', `Unknown status "${status}" for the history filter.`, {
      subject: 'status',
      hint: 'Use a status name (OK, UNAVAILABLE, …), its number, or "failed" for every call that did not end OK.',
    });
  }
  return (code) => code === wanted;
}

/** What a text search looks through: the request (name, method, target, bodies), the status, the messages. */
function searchText(entry: HistoryEntry): string {
  const { request } = entry;
  return [
    request.name,
    request.method,
    request.target ?? '',
    request.message ?? '',
    ...(request.messages ?? []).map((step) => ('json' in step ? step.json : '')),
    entry.origin?.path ?? '',
    entry.status.name,
    entry.status.message,
    entry.firstMessage ?? '',
    entry.lastMessage ?? '',
  ]
    .join('\n')
    .toLowerCase();
}

function containsAll(text: string, words: readonly string[]): boolean {
  return words.every((word) => text.includes(word));
}
