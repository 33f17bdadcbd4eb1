/**
 * `grpc-workbench export grpcurl FILE [--env NAME]` and `import grpcurl [--out FILE] -- ARGS…` on
 * files: the export applies the collection's and folders' defaults and the environment's vars
 * (secrets stay `$WORKBENCH_SECRET_…` references); the import writes a canonical request file.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { WorkbenchError } from '../../../shared/api/errors';
import { applyDefaults, type SchemaSourceSetting } from '../../../shared/collections/collection';
import type { GrpcRequest } from '../../../shared/collections/request';
import { exportGrpcurl, importGrpcurl, type GrpcurlImportOptions } from '../../../shared/collections/grpcurl';
import { chooseEnvironment, checkRequestFiles, selectRequests } from './runner';
import type { RunnerSchemaSource } from './runner-engine';
import { stringifyNewFile } from './yaml-files';

export interface ExportFileOptions {
  env?: string;
  envVars?: Readonly<Record<string, string>>;
  processEnv?: Readonly<Record<string, string | undefined>>;
  /** Where the command will run: file paths in it are relative to this (default process.cwd()). */
  cwd?: string;
  command?: string;
}

/** The grpcurl command line of a request file; throws a WorkbenchError (bad_input) naming any problem. */
export async function exportRequestFile(file: string, options: ExportFileOptions = {}): Promise<string> {
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];
  const usage = (message: string) => problems.push(message);
  const selection = await selectRequests([file], cwd, usage);
  const environment = chooseEnvironment(selection.tree, options.env, usage);
  const entry = selection.planned[0];
  if (entry !== undefined) problems.push(...(await checkRequestFiles(entry)));
  if (problems.length > 0 || entry === undefined) {
    throw new WorkbenchError('bad_input', problems.join('\n') || `${file}: not a request file.`, { subject: file });
  }
  const display = (path: string) => relative(cwd, path) || '.';
  const schema = entry.schemaSources.flatMap((source) => toSetting(source, display));
  return exportGrpcurl({
    request: applyDefaults(entry.request, entry.defaults),
    schema,
    scope: { vars: { ...environment?.vars, ...options.envVars }, processEnv: options.processEnv ?? process.env },
    readStreamFile: (stream) => entry.streamFiles.get(stream) ?? [],
    file: entry.path,
    ...(options.command === undefined ? {} : { command: options.command }),
  });
}

function toSetting(source: RunnerSchemaSource, display: (path: string) => string): SchemaSourceSetting[] {
  if (source.kind === 'reflection') return [];
  if (source.kind === 'protoset') return [{ protoset: display(source.file) }];
  return [{ proto: { files: source.files.map(display), importPaths: source.importPaths.map(display) } }];
}

export interface ImportFileOptions extends GrpcurlImportOptions {
  /** Write the request file here (refusing to overwrite); otherwise only return its text. */
  out?: string;
}

/** A grpcurl command (text, or its words) as a request and the text of its new file, written to `out` when given. */
export async function importToRequestFile(
  command: string | readonly string[],
  options: ImportFileOptions = {},
): Promise<{ request: GrpcRequest; text: string; path?: string }> {
  const { request } = importGrpcurl(command, options);
  // Without `out` the text is printed, to be saved where the command runs.
  const out = resolve(options.out ?? 'request.grpc.yaml');
  const text = stringifyNewFile('request', request, out);
  if (options.out !== undefined) {
    if (existsSync(out))
      throw new WorkbenchError('bad_input', `${options.out} already exists.`, { subject: options.out });
    await mkdir(dirname(out), { recursive: true });
    await writeFileAtomic(out, text, { encoding: 'utf8', fsync: true });
    return { request, text, path: out };
  }
  return { request, text };
}
