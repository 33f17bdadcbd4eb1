/**
 * A line diff of two small texts (a request file on disk and the draft as YAML), for the banner
 * that shows both sides of a change on disk. Longest common subsequence over lines: request files
 * are tens of lines; past `maxLines` the texts are shown whole, one after the other.
 */
import { stringify } from 'yaml';
import { grpcRequestSchema, type GrpcRequest } from '../../../shared/collections/request';

export interface DiffLine {
  /** `same` in both; `theirs` only on disk; `mine` only in the draft. */
  side: 'same' | 'theirs' | 'mine';
  text: string;
}

const maxLines = 2000;

export function lineDiff(theirs: string, mine: string): DiffLine[] {
  const a = theirs.replace(/\n$/, '').split('\n');
  const b = mine.replace(/\n$/, '').split('\n');
  if (a.length > maxLines || b.length > maxLines) {
    return [
      ...a.map((text) => ({ side: 'theirs' as const, text })),
      ...b.map((text) => ({ side: 'mine' as const, text })),
    ];
  }
  // common[i][j]: the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ side: 'same', text: a[i]! });
      i++;
      j++;
    } else if (j < b.length && (i === a.length || common[i]![j + 1]! >= common[i + 1]![j]!)) {
      lines.push({ side: 'mine', text: b[j++]! });
    } else {
      lines.push({ side: 'theirs', text: a[i++]! });
    }
  }
  return lines;
}

const fieldOrder = Object.keys(grpcRequestSchema.shape);

/** A request as YAML with its fields in the format's order, so two requests differ only where they differ. */
export function requestYaml(request: GrpcRequest): string {
  const ordered = Object.fromEntries(
    fieldOrder.flatMap((key) => (key in request ? [[key, request[key as keyof GrpcRequest]]] : [])),
  );
  return stringify(ordered, { lineWidth: 0 });
}
