/**
 * `describe` of every symbol of googleapis' pubsub (with its imports: google.api's custom options,
 * googleapis' own descriptor.proto), the project's samples and the quirky test files, against the
 * text the fully linked schema printed before describe printed from the file descriptors
 * (testdata/describe-golden.json, written by that code), from a fresh schema and from a linked one.
 * `UPDATE_DESCRIBE_GOLDEN=1` rewrites it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DescMessage, FileRegistry } from '@bufbuild/protobuf';
import type { FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileProtoFiles } from './proto-files/compile';
import { Schema } from './schema';
import { quirkyRoots, quirkyTargets } from './testdata/protoc-oracle';

const goldenPath = fileURLToPath(new URL('testdata/describe-golden.json', import.meta.url));
const googleapisRoot = dirname(createRequire(import.meta.url).resolve('google-proto-files/package.json'));
const samplesRoot = fileURLToPath(new URL('../../../proto-samples/protos', import.meta.url));

const sources = {
  pubsub: { files: [join(googleapisRoot, 'google/pubsub/v1')], importPaths: [googleapisRoot] },
  samples: { files: [samplesRoot], importPaths: [samplesRoot] },
  quirky: { files: quirkyTargets, importPaths: quirkyRoots },
};

/** Every describable name of the files a source compiled (not the always-available ones), in every accepted form. */
function symbolsOf(registry: FileRegistry, fileNames: ReadonlySet<string>): string[] {
  const symbols: string[] = [];
  const addMessage = (message: DescMessage): void => {
    symbols.push(message.typeName);
    for (const field of message.fields) symbols.push(`${message.typeName}.${field.name}`);
    for (const nested of message.nestedMessages) addMessage(nested);
    for (const nested of message.nestedEnums) addEnum(nested, message.typeName);
    for (const extension of message.nestedExtensions) symbols.push(extension.typeName);
  };
  const addEnum = (desc: { typeName: string; values: { name: string }[] }, scope: string): void => {
    symbols.push(desc.typeName);
    for (const value of desc.values)
      symbols.push(`${desc.typeName}.${value.name}`, `${scope === '' ? '' : `${scope}.`}${value.name}`);
  };
  for (const file of registry.files) {
    if (!fileNames.has(file.proto.name)) continue;
    for (const service of file.services) {
      symbols.push(service.typeName);
      for (const method of service.methods)
        symbols.push(`${service.typeName}.${method.name}`, `${service.typeName}/${method.name}`);
    }
    for (const message of file.messages) addMessage(message);
    for (const enumDesc of file.enums) addEnum(enumDesc, file.proto.package);
    for (const extension of file.extensions) symbols.push(extension.typeName);
  }
  return [...new Set(symbols)].sort();
}

const fileSets: Record<string, FileDescriptorSet> = {};
beforeAll(async () => {
  for (const [name, source] of Object.entries(sources)) {
    const { fileSet, problems } = await compileProtoFiles(source);
    expect(problems).toEqual([]);
    fileSets[name] = fileSet;
  }
}, 120_000);

function describeAll(schema: Schema, symbols: readonly string[]): Record<string, string> {
  return Object.fromEntries(symbols.map((symbol) => [symbol, schema.describe(symbol)]));
}

describe('describe output', () => {
  it('is what the fully linked schema printed, for every symbol kind, linked or not', () => {
    const printed: Record<string, Record<string, string>> = {};
    const printedLinked: Record<string, Record<string, string>> = {};
    for (const [name, fileSet] of Object.entries(fileSets)) {
      const linked = Schema.fromFileDescriptorSet(fileSet);
      const symbols = symbolsOf(linked.registry, new Set(fileSet.file.map((file) => file.name)));
      // A fresh schema describes from the file descriptors, linking only the option extensions' files.
      printed[name] = describeAll(Schema.fromFileDescriptorSet(fileSet), symbols);
      printedLinked[name] = describeAll(linked, symbols);
    }
    if (process.env.UPDATE_DESCRIBE_GOLDEN === '1') writeFileSync(goldenPath, `${JSON.stringify(printed, null, 2)}\n`);
    const golden: unknown = JSON.parse(readFileSync(goldenPath, 'utf8'));
    expect(printed).toEqual(golden);
    expect(printedLinked).toEqual(golden);
  });
});
