import { describe, expect, it } from 'vitest';
import { checkMetadataRows, rowsToMetadata } from './metadata-rows';

describe('metadata rows', () => {
  it('accepts text and base64 binary values and skips blank rows', () => {
    const check = checkMetadataRows([
      { id: 1, key: 'authorization', value: 'Bearer x' },
      { id: 2, key: 'trace-bin', value: 'AAEC' },
      { id: 3, key: '', value: '' },
    ]);
    expect(check.problems.size).toBe(0);
    expect(check.entries).toEqual([
      { key: 'authorization', value: 'Bearer x' },
      { key: 'trace-bin', value: 'AAEC' },
    ]);
  });

  it('explains bad keys and values next to their row', () => {
    const check = checkMetadataRows([
      { id: 1, key: 'bad key', value: 'x' },
      { id: 2, key: 'grpc-timeout', value: '1S' },
      { id: 3, key: 'x-bin', value: 'not base64!' },
      { id: 4, key: '', value: 'value' },
      { id: 5, key: 'X-Ok', value: 'fine' },
    ]);
    expect(check.problems.get(1)).toMatch(/contains " "/);
    expect(check.problems.get(2)).toMatch(/reserved/);
    expect(check.problems.get(3)).toMatch(/base64/);
    expect(check.problems.get(4)).toMatch(/empty/);
    expect(check.problems.has(5)).toBe(false);
    expect(check.entries).toEqual([{ key: 'x-ok', value: 'fine' }]);
  });
});

describe('rowsToMetadata', () => {
  it('writes every row that is not blank into the map, as typed, the first of a repeated key winning', () => {
    expect(
      rowsToMetadata([
        { id: 1, key: 'Authorization', value: 'Bearer x' },
        { id: 2, key: '', value: '' },
        { id: 3, key: 'bad key', value: 'y' },
        { id: 4, key: 'Authorization', value: 'other' },
        { id: 5, key: '__proto__', value: 'z' },
      ]),
    ).toEqual({ Authorization: 'Bearer x', 'bad key': 'y', ['__proto__']: 'z' });
  });

  it('marks a repeated key on the later row: a saved request holds one value per key', () => {
    const check = checkMetadataRows([
      { id: 1, key: 'x-a', value: '1' },
      { id: 2, key: 'x-a', value: '2' },
    ]);
    expect(check.problems.has(1)).toBe(false);
    expect(check.problems.get(2)).toMatch(/given twice/);
  });
});
