import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../shared/api';
import { readProtosets } from './protoset';
import { Schema } from './schema';
import { protocDescriptorSetBytes, quirkyRoots, quirkyTargets } from './testdata/protoc-oracle';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'protoset-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeProtocProtoset(name: string, targets: readonly string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, protocDescriptorSetBytes(quirkyRoots, targets));
  return path;
}

describe('protosets', () => {
  it('round-trips a protoc protoset: read, load, export, every file unchanged', async () => {
    const path = await writeProtocProtoset('all.protoset', quirkyTargets);
    const original = fromBinary(FileDescriptorSetSchema, protocDescriptorSetBytes(quirkyRoots, quirkyTargets));
    const schema = Schema.fromFileDescriptorSet(await readProtosets([path]));
    const exported = fromBinary(
      FileDescriptorSetSchema,
      schema.toProtoset(['quirky.shop.v1.ShopService', 'quirky.shop.v1.AdminService']),
    );

    expect(exported.file.map((file) => file.name)).toEqual(original.file.map((file) => file.name));
    for (const [index, file] of original.file.entries()) {
      expect(toBinary(FileDescriptorProtoSchema, exported.file[index]!)).toEqual(
        toBinary(FileDescriptorProtoSchema, file),
      );
    }
  });

  it('merges several protosets, each file once', async () => {
    const shop = await writeProtocProtoset('shop.protoset', [quirkyTargets[0]!]);
    const admin = await writeProtocProtoset('admin.protoset', [quirkyTargets[1]!]);
    const merged = await readProtosets([shop, admin]);
    const names = merged.file.map((file) => file.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('quirky/shop/v1/shop.proto');
    expect(names).toContain('quirky/shop/v1/admin.proto');
    expect(Schema.fromFileDescriptorSet(merged).listServices()).toEqual([
      'quirky.shop.v1.AdminService',
      'quirky.shop.v1.ShopService',
    ]);
  });

  it('rejects files that are not protosets, naming them', async () => {
    const textFile = quirkyTargets[0]!;
    const empty = join(dir, 'empty.protoset');
    await writeFile(empty, '');
    for (const path of [textFile, empty]) {
      const error = await readProtosets([path]).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WorkbenchError);
      expect((error as WorkbenchError).kind).toBe('schema');
      expect((error as WorkbenchError).message).toContain(`${path} is not a protoset`);
      expect((error as WorkbenchError).hint).toContain('--descriptor_set_out');
    }
    const missing = join(dir, 'missing.protoset');
    await expect(readProtosets([missing])).rejects.toThrow(`Cannot read protoset ${missing}: no such file`);
  });
});
