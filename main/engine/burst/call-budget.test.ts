import { describe, expect, it } from 'vitest';
import { CallBudget } from './call-budget';

describe('CallBudget', () => {
  it('gives out exactly its total, takes back what was not made, and gives nothing once stopped', () => {
    const budget = new CallBudget(3);
    expect([budget.take(), budget.take(), budget.take(), budget.take()]).toEqual([true, true, true, false]);
    budget.giveBack();
    expect(budget.take()).toBe(true);
    const other = new CallBudget(5);
    other.stop();
    expect(other.take()).toBe(false);
  });

  it('splits into parts of their own that stop with the whole', () => {
    const budget = new CallBudget(10);
    const first = CallBudget.attach(budget.share({ index: 0, calls: 2 }));
    const second = CallBudget.attach(budget.share({ index: 1, calls: 8 }));
    expect([first.take(), first.take(), first.take()]).toEqual([true, true, false]);
    expect(second.take()).toBe(true);
    budget.stop();
    expect(second.take()).toBe(false);
  });
});
