import { describe, expect, it } from 'vitest';
import { scanImports } from './import-scan';

describe('scanImports', () => {
  it('finds plain, public and weak imports with the position of the import keyword', () => {
    const source = 'syntax = "proto3";\n\nimport "a/b.proto";\n  import public "c.proto";\nimport weak \'d.proto\';\n';
    expect(scanImports(source)).toEqual([
      { name: 'a/b.proto', line: 3, column: 1 },
      { name: 'c.proto', line: 4, column: 3 },
      { name: 'd.proto', line: 5, column: 1 },
    ]);
  });

  it('ignores imports in comments and strings, and fields named import', () => {
    const source = [
      'syntax = "proto3";',
      '// import "commented.proto";',
      '/* import "block.proto"; */',
      'option (x) = "import \\"quoted.proto\\";";',
      'message M { string import = 1; }',
      'import "real.proto";',
    ].join('\n');
    expect(scanImports(source).map((statement) => statement.name)).toEqual(['real.proto']);
  });

  it('joins adjacent string literals like protoc', () => {
    expect(scanImports('import "google/" "api.proto";').map((statement) => statement.name)).toEqual([
      'google/api.proto',
    ]);
  });
});
