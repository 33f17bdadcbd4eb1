import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { protocDescriptorSet } from '../testdata/protoc-oracle';
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

  it('takes only a whole `import` keyword that starts a statement, wherever it is', () => {
    const source = [
      'syntax = "proto3"; /* c */ import "first.proto";',
      'message M { foo.import x = 1; imports y = 2; }',
      '// a comment between the } and the keyword',
      'import',
      '  /* here too */ "sec" \'ond.proto\' ;',
      'option (o) = "a } b";',
      'import "after-option.proto";',
      'message N { message import {} }',
    ].join('\n');
    expect(scanImports(source)).toEqual([
      { name: 'first.proto', line: 1, column: 28 },
      { name: 'second.proto', line: 4, column: 1 },
      { name: 'after-option.proto', line: 7, column: 1 },
    ]);
  });

  it("finds exactly the dependencies protoc records, on googleapis' largest files", () => {
    const root = dirname(createRequire(import.meta.url).resolve('google-proto-files/package.json'));
    const targets = ['google/cloud/compute/v1/compute.proto', 'google/storage/v2/storage.proto'];
    const set = protocDescriptorSet(
      [root],
      targets.map((name) => join(root, name)),
    );
    expect(set.file.length).toBeGreaterThan(10);
    for (const file of set.file) {
      const scanned = scanImports(readFileSync(join(root, file.name), 'utf8')).map((statement) => statement.name);
      expect({ file: file.name, imports: scanned }).toEqual({ file: file.name, imports: file.dependency });
    }
  });
});
