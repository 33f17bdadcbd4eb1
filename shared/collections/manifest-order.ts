/**
 * The order of a folder's children: the names its `order` lists first, in that order, then every
 * other child alphabetically (by code point, so every machine agrees). The path is the identity:
 * nothing inside a request file takes part.
 */

export interface OrderedChildren {
  names: string[];
  /** Entries of `order` that name no child (reported as a problem, not an error). */
  unknown: string[];
}

export function orderChildren(children: readonly string[], order: readonly string[] = []): OrderedChildren {
  const present = new Set(children);
  const listed: string[] = [];
  const unknown: string[] = [];
  for (const name of order) {
    if (!present.has(name)) unknown.push(name);
    else if (!listed.includes(name)) listed.push(name);
  }
  const rest = children.filter((name) => !listed.includes(name)).sort(compareCodePoints);
  return { names: [...listed, ...rest], unknown };
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
