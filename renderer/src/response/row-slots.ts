/**
 * React keys for the rows rendered (by their virtualizer keys, in order): a row keeps its slot while
 * it stays rendered, and a row that comes in takes a slot one that went left free. Following a fast
 * stream, every row on screen is a new message at each update: keyed by message, React removed and
 * built ~20 rows of DOM each time; keyed by slot, it changes their text. Slots are unique per render.
 */
export function assignRowSlots(previous: ReadonlyMap<number, number>, keys: readonly number[]): Map<number, number> {
  const kept = new Set<number>();
  for (const key of keys) {
    const slot = previous.get(key);
    if (slot !== undefined) kept.add(slot);
  }
  const free = [...previous.values()].filter((slot) => !kept.has(slot)).sort((a, b) => a - b);
  let fresh = Math.max(-1, ...previous.values()) + 1;
  const slots = new Map<number, number>();
  for (const key of keys) slots.set(key, previous.get(key) ?? free.shift() ?? fresh++);
  return slots;
}
