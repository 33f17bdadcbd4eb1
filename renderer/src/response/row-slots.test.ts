import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignRowSlots } from './row-slots';

describe('assignRowSlots', () => {
  it('keeps the slot of a row still rendered and gives a row that comes in the slot of one that went', () => {
    const first = assignRowSlots(new Map(), [10, 11, 12]);
    expect([...first]).toEqual([
      [10, 0],
      [11, 1],
      [12, 2],
    ]);
    // The stream moved on by two: 10 and 11 went, 13 and 14 take their slots, 12 keeps its own.
    const next = assignRowSlots(first, [12, 13, 14]);
    expect([...next]).toEqual([
      [12, 2],
      [13, 0],
      [14, 1],
    ]);
    // More rows than before: the extra ones get slots no row has.
    expect([...assignRowSlots(next, [12, 13, 14, 15, 16])]).toEqual([
      [12, 2],
      [13, 0],
      [14, 1],
      [15, 3],
      [16, 4],
    ]);
  });

  it('gives the same slots to a render repeated with the same rows', () => {
    const slots = assignRowSlots(assignRowSlots(new Map(), [1, 2, 3]), [3, 4]);
    expect(assignRowSlots(slots, [3, 4])).toEqual(slots);
  });

  it('never gives two rows of one render the same slot, whatever rows came before', () => {
    const keyLists = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 30 }), { maxLength: 12 });
    fc.assert(
      fc.property(keyLists, (renders) => {
        let slots = new Map<number, number>();
        for (const keys of renders) {
          const previous = slots;
          slots = assignRowSlots(previous, keys);
          expect(new Set(slots.values()).size).toBe(keys.length);
          for (const key of keys) if (previous.has(key)) expect(slots.get(key)).toBe(previous.get(key));
        }
      }),
    );
  });
});
