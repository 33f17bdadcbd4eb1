/** Parsing the method-name forms users type, and "did you mean" suggestions for names we lack. */

export interface MethodName {
  service: string;
  method: string;
}

/**
 * `pkg.Svc/Method`, `/pkg.Svc/Method` (the wire path) or `pkg.Svc.Method` (grpcurl's symbol form).
 * Undefined when the text has no separator between a service and a method.
 */
export function parseMethodName(text: string): MethodName | undefined {
  const name = text.trim().replace(/^\/+/, '').replace(/^\./, '');
  const separator = name.includes('/') ? name.lastIndexOf('/') : name.lastIndexOf('.');
  if (separator <= 0 || separator === name.length - 1) return undefined;
  return { service: name.slice(0, separator), method: name.slice(separator + 1) };
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Up to `limit` candidates that look like what the user meant: the same name in another case, a
 * full name ending in what they typed (the package left out), or a small typo.
 */
export function closestNames(typed: string, candidates: Iterable<string>, limit = 3): string[] {
  const wanted = typed.toLowerCase();
  // Typos are a few edits, whatever the length of the fully-qualified name around them.
  const maxDistance = Math.max(2, Math.floor(wanted.length / 8));
  const scored: { name: string; score: number }[] = [];
  for (const name of candidates) {
    const lower = name.toLowerCase();
    if (lower === wanted) {
      scored.push({ name, score: 0 });
    } else if (lower.endsWith(`.${wanted}`) || lower.endsWith(`/${wanted}`)) {
      scored.push({ name, score: 1 });
    } else if (Math.abs(lower.length - wanted.length) <= maxDistance) {
      const distance = editDistance(lower, wanted);
      if (distance <= maxDistance) scored.push({ name, score: 1 + distance });
    }
  }
  // A name that only lacks its package (or case) is what they meant; typo lookalikes would be noise.
  const bestTier = scored.some((entry) => entry.score <= 1) ? scored.filter((entry) => entry.score <= 1) : scored;
  return bestTier
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((entry) => entry.name);
}

/** A hint sentence offering the suggestions, or the fallback when there are none. */
export function suggestionHint(suggestions: readonly string[], fallback: string): string {
  return suggestions.length === 0 ? fallback : `Did you mean ${suggestions.map((name) => `"${name}"`).join(' or ')}?`;
}
