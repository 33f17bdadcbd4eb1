import { describe, expect, it } from 'vitest';
import { lineDiff, requestYaml } from './line-diff';

describe('lineDiff', () => {
  it('keeps the common lines and marks what only the disk or only the draft has', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nx\nc\nd\n')).toEqual([
      { side: 'same', text: 'a' },
      { side: 'mine', text: 'x' },
      { side: 'theirs', text: 'b' },
      { side: 'same', text: 'c' },
      { side: 'mine', text: 'd' },
    ]);
  });

  it('writes two requests in the format’s field order, whatever order their keys came in', () => {
    const fromDisk = requestYaml({ kind: 'grpc-request', method: 'a.B/C', name: 'n', deadline: '1s' });
    const edited = requestYaml({ deadline: '1s', name: 'n', kind: 'grpc-request', method: 'a.B/C' });
    expect(fromDisk).toBe(edited);
    expect(fromDisk.split('\n')[0]).toBe('kind: grpc-request');
  });
});
