/**
 * Compiles .proto files with the project's loader (as a schema source does), in its own process
 * so bench/proto-cache.ts can weigh it. Usage: node compile-protos.mjs MODE CACHE_DIR IMPORT_PATH FILE...
 * MODE says what the run must have been, checked so that a figure never measures something else:
 * `cold` (compiled, protoc or buf), `cold-buf` (compiled by buf, protoc not used) or `warm` (served
 * by the cache's manifest, `stat` only). Prints `{"compiledBy","cached","files","problems"}` (the
 * whole googleapis tree has files that do not compile: problems are reported, not a failure).
 */
import { compileProtoFiles } from '../../main/engine/schema/proto-files/compile';

const [mode = '', cacheDir = '', importPath = '', ...files] = process.argv.slice(2);
const result = await compileProtoFiles({ files, importPaths: [importPath], cacheDir, bufOnly: mode === 'cold-buf' });
const { compiledBy, cached } = result;
const asExpected =
  mode === 'warm'
    ? cached === 'unchanged-stats'
    : cached === undefined && (mode === 'cold-buf' ? compiledBy === 'buf' : compiledBy !== undefined);
console.log(
  JSON.stringify({ compiledBy, cached, files: result.fileSet.file.length, problems: result.problems.length }),
);
if (result.fileSet.file.length === 0 || !asExpected) {
  console.error(
    `compile-protos ${mode}: unexpected result ${JSON.stringify({ compiledBy, cached, problems: result.problems.length })}`,
  );
  process.exitCode = 1;
}
