import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Schema } from '../schema';
import { compileProtoFiles } from './compile';

// The npm package google-proto-files: googleapis (~8,000 .proto files) plus grafeas and the
// protobuf sources, all under one root.
const packageRoot = dirname(createRequire(import.meta.url).resolve('google-proto-files/package.json'));

describe('the whole googleapis tree at once', () => {
  it(
    'loads, with only the few files that cannot compile (protobuf test protos) reported as problems',
    { timeout: 300_000 },
    async () => {
      const { fileSet, problems } = await compileProtoFiles({
        files: [join(packageRoot, 'google')],
        importPaths: [packageRoot],
      });
      const schema = Schema.fromFileDescriptorSet(fileSet);

      expect(fileSet.file.length).toBeGreaterThan(7_000);
      expect(schema.listServices().length).toBeGreaterThan(1_000);
      expect(schema.problems).toEqual([]);
      expect(schema.findMethod('google.pubsub.v1.Publisher/Publish').input.typeName).toBe(
        'google.pubsub.v1.PublishRequest',
      );
      expect(schema.findMethod('google.longrunning.Operations/GetOperation').output.typeName).toBe(
        'google.longrunning.Operation',
      );
      // What the package ships that does not compile is all protobuf's own material under
      // google/protobuf/ (not an API): test protos that import files the package lacks or redeclare
      // types, and editions-preview samples newer than the pinned buf (1.74) parses. Every API loads.
      const broken = [...new Set(problems.map((problem) => relative(packageRoot, problem.file)))].sort();
      expect(broken.length).toBeGreaterThan(0);
      for (const file of broken) expect(file).toMatch(/^google\/protobuf\//);
      for (const problem of problems) expect(problem.line).toBeGreaterThan(0);
    },
  );
});
