/**
 * Compiles .proto files with the project's loader (as a schema source does), in its own process
 * so bench/proto-cache.ts can weigh it. Usage: node compile-protos.mjs CACHE_DIR IMPORT_PATH FILE...
 */
import { compileProtoFiles } from '../../main/engine/schema/proto-files/compile';

const [cacheDir = '', importPath = '', ...files] = process.argv.slice(2);
const { fileSet } = await compileProtoFiles({ files, importPaths: [importPath], cacheDir });
if (fileSet.file.length === 0) process.exitCode = 1;
