import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { afterEach, describe, expect, it } from 'vitest';
import type { SchemaProblem } from '../../../../shared/api';
import { WorkbenchError } from '../../../../shared/api';
import { filesAsJson, protocDescriptorSet, quirkyRoots, quirkyTargets } from '../testdata/protoc-oracle';
import { compileProtoFiles } from './compile';
import { chunkTargets } from './protoc-rounds';
import { wellKnownTypesRoot } from '../../../../test/support/protoc';

const formatProblem = (problem: SchemaProblem): string =>
  `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;

// The protoc-oracle tests check buf (bufOnly): it is the compiler every machine has; protoc, used
// when it is on the PATH, is checked against buf below.
describe('compileProtoFiles on the quirky corpus, against protoc', () => {
  it('gives protoc-identical descriptors when both read the same descriptor.proto', async () => {
    // With the project's copy of the well-known types on both import paths, buf compiles the very
    // google/protobuf/*.proto files protoc uses, so every file must be identical, in the same order.
    const importPaths = [...quirkyRoots, wellKnownTypesRoot()];
    const ours = await compileProtoFiles({ files: quirkyTargets, importPaths, bufOnly: true });
    expect(ours.compiledBy).toBe('buf');
    const oracle = protocDescriptorSet(importPaths, quirkyTargets);

    expect(ours.problems).toEqual([]);
    expect(ours.fileSet.file.map((file) => file.name)).toEqual(oracle.file.map((file) => file.name));
    const oursJson = filesAsJson(ours.fileSet, oracle);
    for (const [name, expected] of filesAsJson(oracle, oracle))
      expect({ name, json: oursJson.get(name) }).toEqual({ name, json: expected });
    // Byte equality of each re-encoded file also covers option fields no registry knows.
    for (const [index, file] of oracle.file.entries()) {
      expect(toBinary(FileDescriptorProtoSchema, ours.fileSet.file[index]!)).toEqual(
        toBinary(FileDescriptorProtoSchema, file),
      );
    }
  });

  it("matches protoc with only the corpus roots; only descriptor.proto differs, being buf's newer copy", async () => {
    // Neither import path has google/protobuf/*.proto: protoc takes them from the project's copy
    // (npm google-proto-files, given by test/support/protoc.ts), buf from the copy built into it.
    // They agree on any/duration/empty/struct/timestamp/wrappers; descriptor.proto differs between
    // the two releases (editions-era declarations), so it is the one legitimate difference.
    const ours = await compileProtoFiles({ files: quirkyTargets, importPaths: quirkyRoots, bufOnly: true });
    const oracle = protocDescriptorSet(quirkyRoots, quirkyTargets);

    expect(ours.problems).toEqual([]);
    expect(ours.fileSet.file.map((file) => file.name)).toEqual(oracle.file.map((file) => file.name));
    const oursJson = filesAsJson(ours.fileSet, oracle);
    const oracleJson = filesAsJson(oracle, oracle);
    const differing = [...oracleJson]
      .filter(([name, json]) => JSON.stringify(oursJson.get(name)) !== JSON.stringify(json))
      .map(([name]) => name);
    expect(differing).toEqual(['google/protobuf/descriptor.proto']);
  });

  it('accepts directories and globs, naming files by the first import path that holds them', async () => {
    const [rootB, rootA] = quirkyRoots as [string, string];
    const fromDirectory = await compileProtoFiles({ files: [rootB], importPaths: quirkyRoots });
    const fromGlob = await compileProtoFiles({
      files: [`${relative(process.cwd(), rootB)}/**/*.proto`],
      importPaths: quirkyRoots,
    });
    const oracle = protocDescriptorSet(quirkyRoots, [
      join(rootB, 'quirky/shop/v1/admin.proto'),
      join(rootB, 'quirky/shop/v1/shop.proto'),
    ]);
    const expectedNames = oracle.file.map((file) => file.name);
    expect(fromDirectory.fileSet.file.map((file) => file.name)).toEqual(expectedNames);
    expect(fromGlob.fileSet.file.map((file) => file.name)).toEqual(expectedNames);
    // Files of the second root given directly are still named relative to it.
    const direct = await compileProtoFiles({
      files: [join(rootA, 'quirky/legacy/v1/legacy.proto')],
      importPaths: quirkyRoots,
    });
    expect(direct.fileSet.file.map((file) => file.name)).toEqual(['quirky/legacy/v1/legacy.proto']);
  });
});

describe('protoc on the PATH as the compiler of a clean set', () => {
  // Same descriptors, custom options included (the registry built from the set renders them as
  // `[pkg.ext]` keys; toEqual ignores key order, as protobuf ignores the order of fields on the
  // wire — protoc writes options in source order, buf by field number), source info excluded.
  async function expectSameAsBuf(files: string[], importPaths: string[]): Promise<void> {
    const byProtoc = await compileProtoFiles({ files, importPaths });
    const byBuf = await compileProtoFiles({ files, importPaths, bufOnly: true });
    expect([byProtoc.compiledBy, byBuf.compiledBy]).toEqual(['protoc', 'buf']);
    expect(byProtoc.problems).toEqual(byBuf.problems);
    expect(byProtoc.fileSet.file.map((file) => file.name)).toEqual(byBuf.fileSet.file.map((file) => file.name));
    const protocJson = filesAsJson(byProtoc.fileSet, byBuf.fileSet);
    for (const [name, expected] of filesAsJson(byBuf.fileSet, byBuf.fileSet))
      expect({ name, json: protocJson.get(name) }).toEqual({ name, json: expected });
    for (const file of byProtoc.fileSet.file) expect(file.sourceCodeInfo).toBeUndefined();
  }

  it('gives the descriptors buf gives on the quirky corpus', async () => {
    await expectSameAsBuf(quirkyTargets, [...quirkyRoots, wellKnownTypesRoot()]);
  });

  it('gives the descriptors buf gives on googleapis services full of custom options', async () => {
    const root = dirname(createRequire(import.meta.url).resolve('google-proto-files/package.json'));
    const dirs = ['google/pubsub/v1', 'google/spanner/v1', 'google/storage/v2', 'google/longrunning'];
    await expectSameAsBuf(
      dirs.map((dir) => join(root, dir)),
      [root],
    );
  }, 60_000);

  it('leaves to buf a set that needs its built-in well-known types', async () => {
    // Neither root holds google/protobuf/*.proto: only buf has them.
    expect((await compileProtoFiles({ files: quirkyTargets, importPaths: quirkyRoots })).compiledBy).toBe('buf');
  });
});

describe("protoc's errors driving the exclusion rounds", () => {
  let dir = '';
  afterEach(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
    dir = '';
  });
  const names = (result: { fileSet: { file: { name: string }[] } }) => result.fileSet.file.map((file) => file.name);

  // protoc stops at the first input that fails: independent broken files among good ones take a
  // round each. Which files load, and what is said of the others, must be what buf alone gives.
  it('drops what protoc rejects and what imports it, with the set and problems of a buf-only compile', async () => {
    dir = await mkdtemp(join(tmpdir(), 'compile-test-'));
    const files: Record<string, string> = {
      'a/good.proto': 'syntax = "proto3";\npackage a;\nmessage Good { string id = 1; }\n',
      'b/broken.proto': 'syntax = "proto3";\npackage b;\nmessage Broken { int32 x = 1 }\n',
      'c/uses_broken.proto':
        'syntax = "proto3";\npackage c;\nimport "b/broken.proto";\nmessage C { b.Broken b = 1; }\n',
      'd/fine.proto': 'syntax = "proto3";\npackage d;\nimport "a/good.proto";\nmessage D { a.Good g = 1; }\n',
      'e/unknown_type.proto': 'syntax = "proto3";\npackage e;\nmessage E {\n  Missing m = 1;\n}\n',
      'f/uses_uses.proto': 'syntax = "proto3";\npackage f;\nimport "c/uses_broken.proto";\nmessage F {}\n',
      // Editions: newer than protoc 3.21 parses, within what buf 1.74 compiles — buf's verdict wins.
      'g/edition.proto': 'edition = "2023";\npackage g;\nmessage G { string s = 1; }\n',
      'h/last.proto': 'syntax = "proto3";\npackage h;\nimport "g/edition.proto";\nmessage H { g.G g = 1; }\n',
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    const request = { files: [dir], importPaths: [dir] };
    const [byProtoc, byBuf] = [
      await compileProtoFiles(request),
      await compileProtoFiles({ ...request, bufOnly: true }),
    ];
    expect([byProtoc.compiledBy, byBuf.compiledBy]).toEqual(['protoc+buf', 'buf']);
    expect(names(byProtoc)).toEqual(names(byBuf));
    expect(byProtoc.problems).toEqual(byBuf.problems);
    expect(names(byProtoc)).toEqual(['a/good.proto', 'd/fine.proto', 'g/edition.proto', 'h/last.proto']);
    expect(byProtoc.problems.map(formatProblem)).toEqual([
      expect.stringMatching(new RegExp(`^${join(dir, 'b/broken.proto')}:3:30: `)),
      `${join(dir, 'c/uses_broken.proto')}:3:1: Import "b/broken.proto" was not found or had errors.`,
      expect.stringMatching(new RegExp(`^${join(dir, 'e/unknown_type.proto')}:4:3: .*Missing`)),
      `${join(dir, 'f/uses_uses.proto')}:3:1: Import "c/uses_broken.proto" was not found or had errors.`,
    ]);
    const protocJson = filesAsJson(byProtoc.fileSet, byBuf.fileSet);
    for (const [name, expected] of filesAsJson(byBuf.fileSet, byBuf.fileSet))
      expect({ name, json: protocJson.get(name) }).toEqual({ name, json: expected });
  });

  it('finds a name defined in two chunks of protoc runs, blaming the later file as protoc does', async () => {
    dir = await mkdtemp(join(tmpdir(), 'compile-test-'));
    // More targets than one protoc run takes: the two definitions of p.Twice land in different runs.
    const fillers = Array.from(
      { length: chunkTargets },
      (_, index) => `m/filler_${String(index).padStart(4, '0')}.proto`,
    );
    for (const [index, name] of fillers.entries()) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), `syntax = "proto3";\npackage m;\nmessage Filler${index} {}\n`);
    }
    await writeFile(join(dir, 'a.proto'), 'syntax = "proto3";\npackage p;\nmessage Twice {}\n');
    await mkdir(join(dir, 'z'));
    await writeFile(join(dir, 'z/twice.proto'), 'syntax = "proto3";\npackage p;\nmessage Twice {}\n');
    await writeFile(join(dir, 'z/user.proto'), 'syntax = "proto3";\nimport "z/twice.proto";\nmessage U {}\n');
    const targets = ['a.proto', ...fillers, 'z/twice.proto', 'z/user.proto'];
    const result = await compileProtoFiles({ files: targets.map((name) => join(dir, name)), importPaths: [dir] });
    expect(result.compiledBy).toBe('protoc');
    expect(names(result)).toEqual(['a.proto', ...fillers]);
    expect(result.problems.map(formatProblem)).toEqual([
      `${join(dir, 'z/twice.proto')}:undefined:undefined: "p.Twice" is already defined in file "a.proto".`,
      `${join(dir, 'z/user.proto')}:2:1: Import "z/twice.proto" was not found or had errors.`,
    ]);
    // protoc given the whole tree at once blames the same file, in the same words.
    const oracle = spawnSync('protoc', [`-I${dir}`, '-o/dev/null', ...targets], { encoding: 'utf8' });
    expect(oracle.stderr).toContain('z/twice.proto:3:9: "p.Twice" is already defined in file "a.proto".');
  }, 60_000);

  it('loads the protobuf sources shipped with googleapis as buf does, but for the pair defining one name', async () => {
    // google-proto-files' google/protobuf/ holds protobuf's own test protos: some import files the
    // package lacks, some are editions newer than protoc 3.21 (which buf compiles), two define the
    // same message — protoc blames the later file, buf the earlier one.
    const root = dirname(createRequire(import.meta.url).resolve('google-proto-files/package.json'));
    const request = { files: [join(root, 'google/protobuf')], importPaths: [root] };
    const [byProtoc, byBuf] = [
      await compileProtoFiles(request),
      await compileProtoFiles({ ...request, bufOnly: true }),
    ];
    expect([byProtoc.compiledBy, byBuf.compiledBy]).toEqual(['protoc+buf', 'buf']);
    const pair = ['ruby_generated_pkg_explicit.proto', 'ruby_generated_pkg_implicit.proto'].map(
      (name) => `google/protobuf/compiler/ruby/${name}`,
    );
    const apart = (list: string[]) => list.filter((name) => !pair.includes(name));
    expect(apart(names(byProtoc))).toEqual(apart(names(byBuf)));
    expect(names(byProtoc).filter((name) => pair.includes(name))).toEqual([pair[0]]);
    expect(names(byBuf).filter((name) => pair.includes(name))).toEqual([pair[1]]);
    const inPair = (problem: SchemaProblem) => pair.some((name) => problem.file.endsWith(name));
    expect(byProtoc.problems.filter((problem) => !inPair(problem))).toEqual(
      byBuf.problems.filter((problem) => !inPair(problem)),
    );
    expect(byProtoc.problems.filter(inPair).map(formatProblem)).toEqual([
      expect.stringContaining(`${pair[1]}:12:9: "one.two.a_three.Four" is already defined in file "${pair[0]}".`),
      expect.stringContaining(
        `${pair[1]}:13:10: "one.two.a_three.Four.a_string" is already defined in file "${pair[0]}".`,
      ),
    ]);
    expect(byBuf.problems.filter(inPair).map(formatProblem)).toEqual([
      expect.stringContaining(`${pair[0]}:14:9: \`Four\` declared multiple times`),
    ]);
  }, 120_000);
});

describe('compileProtoFiles with broken and missing files', () => {
  let dir = '';
  afterEach(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
    dir = '';
  });

  async function writeTree(files: Record<string, string>): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'compile-test-'));
    for (const [name, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    return dir;
  }

  it('loads the rest of a directory and reports each broken file as file:line:col: message', async () => {
    const root = await writeTree({
      'shop/good.proto':
        'syntax = "proto3";\npackage shop;\nmessage Good { string id = 1; }\nservice GoodService { rpc Get(Good) returns (Good); }\n',
      'shop/also_good.proto':
        'syntax = "proto3";\npackage shop;\nimport "shop/good.proto";\nmessage Wrapper { Good good = 1; }\n',
      'shop/syntax_error.proto': 'syntax = "proto3";\npackage shop;\nmessage Broken { int32 x = 1 }\n',
      'shop/uses_broken.proto':
        'syntax = "proto3";\npackage shop;\n\nimport "shop/syntax_error.proto";\nmessage User { Broken b = 1; }\n',
      'shop/unknown_type.proto': 'syntax = "proto3";\npackage shop;\nmessage Holder {\n  Missing m = 1;\n}\n',
      'shop/missing_import.proto':
        'syntax = "proto3";\npackage shop;\nimport "nowhere/gone.proto";\nmessage Lonely {}\n',
      // Imports under google/protobuf/ are left to buf's built-in well-known types.
      'shop/bad_wkt_import.proto':
        'syntax = "proto3";\npackage shop;\nimport "google/protobuf/nope.proto";\nmessage Alone {}\n',
    });
    const result = await compileProtoFiles({ files: [root], importPaths: [root] });

    const names = result.fileSet.file.map((file) => file.name);
    expect(names).toEqual(['shop/good.proto', 'shop/also_good.proto']);
    const at = (name: string): string => join(root, 'shop', name);
    expect(result.problems.map(formatProblem)).toEqual([
      `${at('bad_wkt_import.proto')}:3:1: Import "google/protobuf/nope.proto" was not found in the import paths (${root}).`,
      `${at('missing_import.proto')}:3:1: Import "nowhere/gone.proto" was not found in the import paths (${root}).`,
      expect.stringMatching(new RegExp(`^${at('syntax_error.proto')}:3:30: .+`)),
      expect.stringMatching(new RegExp(`^${at('unknown_type.proto')}:4:3: .*Missing`)),
      `${at('uses_broken.proto')}:4:1: Import "shop/syntax_error.proto" was not found or had errors.`,
    ]);
  });

  it('roots a file outside every import path at its own directory, and its imports there too', async () => {
    const root = await writeTree({
      'a.proto': 'syntax = "proto3";\npackage p;\nimport "b.proto";\nmessage A { B b = 1; }\n',
      'b.proto': 'syntax = "proto3";\npackage p;\nmessage B {}\n',
    });
    const result = await compileProtoFiles({ files: [join(root, 'a.proto')] });
    expect(result.problems).toEqual([]);
    expect(result.fileSet.file.map((file) => file.name)).toEqual(['b.proto', 'a.proto']);
  });

  it('reports an input shadowed by an earlier import path, as protoc does', async () => {
    const root = await writeTree({
      'first/x.proto': 'syntax = "proto3";\npackage first;\nmessage X {}\n',
      'second/x.proto': 'syntax = "proto3";\npackage second;\nmessage X {}\n',
    });
    const result = await compileProtoFiles({
      files: [join(root, 'second/x.proto')],
      importPaths: [join(root, 'first'), join(root, 'second')],
    });
    expect(result.fileSet.file).toEqual([]);
    expect(result.problems).toEqual([
      {
        file: join(root, 'second/x.proto'),
        message: expect.stringContaining(`shadowed in the import paths by "${join(root, 'first/x.proto')}"`),
      },
    ]);
  });

  it('looks a relative file, glob or directory that is not in the working directory up under each import path, in order', async () => {
    const root = await writeTree({
      'empty/.keep': '',
      'protos/pkg/x.proto': 'syntax = "proto3";\npackage pkg;\nimport "pkg/y.proto";\nmessage X { Y y = 1; }\n',
      'protos/pkg/y.proto': 'syntax = "proto3";\npackage pkg;\nmessage Y {}\n',
    });
    const importPaths = [join(root, 'empty'), join(root, 'protos')];
    const names = async (files: string[]): Promise<string[]> =>
      (await compileProtoFiles({ files, importPaths })).fileSet.file.map((file) => file.name);
    expect(await names(['pkg/x.proto'])).toEqual(['pkg/y.proto', 'pkg/x.proto']);
    expect(await names(['pkg/*.proto'])).toEqual(['pkg/y.proto', 'pkg/x.proto']);
    expect(await names(['pkg'])).toEqual(['pkg/y.proto', 'pkg/x.proto']);
    // A name found nowhere still names itself and where it was looked for.
    await expect(compileProtoFiles({ files: ['pkg/z.proto'], importPaths })).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof WorkbenchError &&
        error.message === 'pkg/z.proto: no such file or directory' &&
        error.hint!.includes(join(root, 'protos')),
    );
  });

  it('fails with an io WorkbenchError naming a path that does not exist', async () => {
    const root = await writeTree({ 'ok.proto': 'syntax = "proto3";\n' });
    const missingFile = join(root, 'nope.proto');
    await expect(compileProtoFiles({ files: [missingFile] })).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof WorkbenchError &&
        error.kind === 'io' &&
        error.message.includes(missingFile) &&
        error.hint !== undefined,
    );
    const missingImportPath = join(root, 'no-such-dir');
    await expect(
      compileProtoFiles({ files: [join(root, 'ok.proto')], importPaths: [missingImportPath] }),
    ).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof WorkbenchError && error.kind === 'io' && error.message.includes(missingImportPath),
    );
    await expect(
      compileProtoFiles({ files: [join(root, 'ok.proto')], importPaths: [join(root, 'ok.proto')] }),
    ).rejects.toThrow(/is not a directory/);
    await expect(compileProtoFiles({ files: [join(root, '*.nothing')] })).rejects.toThrow(/No \.proto files match/);
    await writeFile(join(root, 'notes.txt'), 'hello');
    await expect(compileProtoFiles({ files: [join(root, 'notes.txt')] })).rejects.toThrow(
      `${join(root, 'notes.txt')} is not a .proto file`,
    );
  });
});
