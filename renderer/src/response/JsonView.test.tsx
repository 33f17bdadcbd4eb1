import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonView } from './JsonView';

afterEach(cleanup);

const user = {
  id: 'u1',
  quotaBytes: '18446744073709551615',
  active: true,
  age: 37,
  manager: null,
  profile: { name: 'Ada', address: { city: 'London', street: { line: 'St James' } } },
};

describe('JsonView', () => {
  it('colours keys and each kind of value', () => {
    const { container } = render(<JsonView value={user} />);
    const textOf = (selector: string) => [...container.querySelectorAll(selector)].map((node) => node.textContent);
    expect(textOf('.json-key')).toContain('"quotaBytes"');
    expect(textOf('.json-string')).toContain('"18446744073709551615"');
    expect(textOf('.json-number')).toEqual(['37']);
    expect(textOf('.json-boolean')).toEqual(['true']);
    expect(textOf('.json-null')).toEqual(['null']);
  });

  it('folds and unfolds objects, saying how much a folded one holds', () => {
    const { container } = render(<JsonView value={user} />);
    fireEvent.click(screen.getByRole('button', { name: 'Fold profile' }));
    expect(container.textContent).not.toContain('London');
    expect(container.textContent).toContain('"profile": { 2 keys }');
    fireEvent.click(screen.getByRole('button', { name: 'Unfold profile' }));
    expect(container.textContent).toContain('London');
  });

  it('searches keys and values, opening folded branches that hold a match', async () => {
    const deep = { a: { b: { c: { d: { line: 'St James' } } } } };
    const { container } = render(<JsonView value={deep} />);
    // Four levels open at first: the fifth is folded away.
    expect(container.textContent).not.toContain('St James');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search JSON' }), { target: { value: 'james' } });
    await waitFor(() => expect(screen.getByText('1 match')).toBeTruthy());
    expect([...container.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual(['James']);
  });

  it('shows a huge string truncated with its size, key included, and offers to copy or save it whole', async () => {
    const avatar = 'q'.repeat(3_000_000);
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void (copied = text) },
    });
    const { container } = render(<JsonView value={{ id: 'u1', avatar, after: 1 }} />);
    const line = container.querySelector('.json-long')!.parentElement!;
    expect(line.textContent).toMatch(/^"avatar": "q{40}…" 3,000,000 characters \(2\.9 MiB\), truncated/);
    expect(container.textContent!.length).toBeLessThan(2_000);
    expect(container.textContent).toContain('"after": 1');
    fireEvent.click(within(line).getByRole('button', { name: 'Copy value' }));
    await waitFor(() => expect(copied).toBe(avatar));
    expect(within(line).getByRole('button', { name: 'Save value' })).toBeTruthy();
  });

  it('shows a value the host kept back with its whole size, fetches it for Copy, and says why when it cannot', async () => {
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void (copied = text) },
    });
    const fetched: (string | number)[][] = [];
    const fetchValue = async (path: (string | number)[]) => {
      fetched.push(path);
      if (path[1] === 1) throw new Error('The call’s messages are no longer kept.');
      return 'p'.repeat(5_000_000);
    };
    const { container } = render(
      <JsonView
        value={{ photos: [{ data: 'p'.repeat(1024) }, { data: 'z'.repeat(1024) }] }}
        elided={[
          { path: ['photos', 0, 'data'], length: 5_000_000 },
          { path: ['photos', 1, 'data'], length: 7_000_000 },
        ]}
        fetchValue={fetchValue}
      />,
    );
    const [first, second] = [...container.querySelectorAll('.json-long')];
    expect(first!.textContent).toContain('5,000,000 characters (4.8 MiB), truncated');
    fireEvent.click(within(first as HTMLElement).getByRole('button', { name: 'Copy value' }));
    await waitFor(() => expect(copied).toHaveLength(5_000_000));
    fireEvent.click(within(second as HTMLElement).getByRole('button', { name: 'Copy value' }));
    await waitFor(() =>
      expect(within(second as HTMLElement).getByRole('alert').textContent).toContain('no longer kept'),
    );
    expect(fetched).toEqual([
      ['photos', 0, 'data'],
      ['photos', 1, 'data'],
    ]);
  });

  it('has the host copy or save a value it kept back, and fetches the value only where the host cannot', async () => {
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void (copied = text) },
    });
    const fetched: (string | number)[][] = [];
    const delivered: [(string | number)[], string][] = [];
    let answer: 'delivered' | 'cancelled' | 'unsupported' = 'delivered';
    const { container } = render(
      <JsonView
        value={{ avatar: 'a'.repeat(1024) }}
        elided={[{ path: ['avatar'], length: 14_000_000 }]}
        fetchValue={async (path) => {
          fetched.push(path);
          return 'a'.repeat(14_000);
        }}
        deliverValue={async (path, to) => {
          delivered.push([path, to]);
          return answer;
        }}
      />,
    );
    const line = container.querySelector('.json-long')!.parentElement!;
    fireEvent.click(within(line).getByRole('button', { name: 'Copy value' }));
    await within(line).findByRole('button', { name: 'Copied' });
    answer = 'cancelled';
    fireEvent.click(within(line).getByRole('button', { name: 'Save value' }));
    await waitFor(() => expect(delivered).toHaveLength(2));
    expect(within(line).queryByRole('button', { name: 'Saved' })).toBeNull();
    expect(fetched).toEqual([]);
    expect(copied).toBe('');
    answer = 'unsupported';
    fireEvent.click(within(line).getByRole('button', { name: 'Copied' }));
    await waitFor(() => expect(copied).toHaveLength(14_000));
    expect(delivered).toEqual([
      [['avatar'], 'clipboard'],
      [['avatar'], 'file'],
      [['avatar'], 'clipboard'],
    ]);
    expect(fetched).toEqual([['avatar']]);
  });

  it('shows the first 200 items of a long array and the rest on request', () => {
    const items = Array.from({ length: 300 }, (_, i) => i);
    const { container } = render(<JsonView value={{ items }} />);
    expect(container.querySelectorAll('.json-number')).toHaveLength(200);
    fireEvent.click(screen.getByRole('button', { name: 'Show 100 more of 100' }));
    expect(container.querySelectorAll('.json-number')).toHaveLength(300);
  });
});
