import { describe, expect, it } from 'vitest';
import { summarizeProblemsByFile } from './schema-source';

describe('summarizeProblemsByFile', () => {
  it('prints one line per file: its first problem and how many more it has', () => {
    const lines = summarizeProblemsByFile([
      { file: 'google/protobuf/unittest.proto', line: 12, column: 3, message: 'import "a.proto" was not found' },
      { file: 'other.proto', message: 'does not link' },
      { file: 'google/protobuf/unittest.proto', line: 40, column: 1, message: 'unknown type Foo' },
      { file: 'google/protobuf/unittest.proto', line: 41, column: 1, message: 'unknown type Bar' },
    ]);
    expect(lines).toEqual([
      'google/protobuf/unittest.proto:12:3: import "a.proto" was not found (+2 more)',
      'other.proto: does not link',
    ]);
  });

  it('prints nothing without problems', () => {
    expect(summarizeProblemsByFile([])).toEqual([]);
  });
});
