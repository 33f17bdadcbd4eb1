/**
 * Bounded views of a decoded message: a one-line preview that never serializes more than it
 * shows (JSON.stringify of a 30 MB message would block the page to print 160 characters), and the
 * search that finds which parts of a value match.
 */

/** Strings longer than this are shown truncated, with their size and a way to copy or save them whole. */
export const longStringChars = 2_000;
/** How much of a long string is shown: little enough that its size and buttons stay on the line. */
export const longStringShownChars = 40;

/** Compact JSON of `value`, cut at `maxChars` (with "…") without visiting more of it than that. */
export function previewJson(value: unknown, maxChars: number): string {
  const parts: string[] = [];
  let length = 0;
  const full = (): boolean => length > maxChars;
  const put = (text: string): void => {
    parts.push(text);
    length += text.length;
  };
  const visit = (node: unknown): void => {
    if (full()) return;
    if (typeof node === 'string') {
      // Only the head of a long string is quoted: JSON.stringify never sees the rest.
      const head = node.length > maxChars ? node.slice(0, maxChars + 1) : node;
      put(JSON.stringify(head));
    } else if (Array.isArray(node)) {
      put('[');
      node.some((item, index) => {
        if (index > 0) put(',');
        visit(item);
        return full();
      });
      put(']');
    } else if (typeof node === 'object' && node !== null) {
      put('{');
      Object.entries(node).some(([key, item], index) => {
        put(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`);
        visit(item);
        return full();
      });
      put('}');
    } else {
      put(JSON.stringify(node) ?? String(node));
    }
  };
  visit(value);
  const text = parts.join('');
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

/** Whether `text` contains `query` (lowercase), ignoring case where that is cheap. */
export function textMatches(text: string, query: string): boolean {
  // Lower-casing a multi-megabyte string would copy it: a huge value is searched as it is.
  return text.length > 100_000 ? text.includes(query) : text.toLowerCase().includes(query);
}

/**
 * The paths (keys and indices joined by "\u0000") of every node that is, or contains, a match of
 * `query` in a key or a scalar value: the view opens those and marks the matches.
 */
export function matchingPaths(value: unknown, query: string): { paths: Set<string>; count: number } {
  const paths = new Set<string>();
  let count = 0;
  if (query === '') return { paths, count };
  const lower = query.toLowerCase();
  const visit = (node: unknown, path: string, key: string | undefined): boolean => {
    let hit = key !== undefined && textMatches(key, lower);
    if (hit) count++;
    if (typeof node === 'object' && node !== null) {
      for (const [childKey, child] of Object.entries(node))
        if (visit(child, `${path}\u0000${childKey}`, Array.isArray(node) ? undefined : childKey)) hit = true;
    } else if (textMatches(typeof node === 'string' ? node : String(node), lower)) {
      count++;
      hit = true;
    }
    if (hit) paths.add(path);
    return hit;
  };
  visit(value, '', undefined);
  return { paths, count };
}
