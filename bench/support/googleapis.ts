/**
 * googleapis (npm google-proto-files) compiled by the project's own loader, once: the protoset is
 * kept in the temp folder, keyed by the package version and the directories chosen.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import { compileProtoFiles } from '../../main/engine/schema/proto-files/compile';

export const googleProtoFilesRoot = dirname(createRequire(import.meta.url).resolve('google-proto-files/package.json'));
const version = (JSON.parse(readFileSync(join(googleProtoFilesRoot, 'package.json'), 'utf8')) as { version: string })
  .version;

/**
 * The benchmarks' default googleapis subset: compute (258 services sharing two huge files — the
 * worst case for servers that re-send imports), pubsub, spanner, storage, longrunning. The whole
 * tree (BENCH_GOOGLEAPIS=full) takes minutes to compile cold on two shared cores.
 */
export function googleapisDirs(): string[] {
  if (process.env.BENCH_GOOGLEAPIS === 'full') return ['google'];
  if (process.env.BENCH_SMOKE === '1') return ['google/pubsub/v1'];
  return [
    'google/cloud/compute/v1',
    'google/pubsub/v1',
    'google/spanner/v1',
    'google/storage/v2',
    'google/longrunning',
  ];
}

export async function googleapisProtoset(dirs: readonly string[] = googleapisDirs()): Promise<FileDescriptorSet> {
  const cacheDir = join(tmpdir(), 'grpc-workbench-bench');
  const cacheFile = join(cacheDir, `googleapis-${version}-${dirs.join('+').replaceAll('/', '_')}.protoset`);
  if (existsSync(cacheFile)) return fromBinary(FileDescriptorSetSchema, readFileSync(cacheFile));
  const { fileSet } = await compileProtoFiles({
    files: dirs.map((dir) => join(googleProtoFilesRoot, dir)),
    importPaths: [googleProtoFilesRoot],
  });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cacheFile, toBinary(FileDescriptorSetSchema, fileSet));
  return fileSet;
}
