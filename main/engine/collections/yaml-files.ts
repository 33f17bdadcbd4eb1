/**
 * Reading and writing the file kinds of a collection with the `yaml` package, Bruno-style: an
 * unchanged model writes back the same bytes; an edited one changes only the nodes that differ, so
 * the user's comments and layout survive elsewhere; a new file is written canonically (key order
 * of the model, 2-space indent, LF, JSON bodies as block scalars, the `yaml-language-server` line).
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { YAMLMap } from 'yaml';
import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node, type Pair } from 'yaml';
import type { z } from 'zod';
import {
  collectionFileSchema,
  environmentFileSchema,
  folderFileSchema,
  type CollectionFile,
  type EnvironmentFile,
  type FolderFile,
} from '../../../shared/collections/collection';
import { jsonSchemaFiles, type CollectionFileKind } from '../../../shared/collections/json-schemas';
import { grpcRequestSchema, type GrpcRequest } from '../../../shared/collections/request';
import type { FileProblem } from './file-problem';

export type FileKind = CollectionFileKind;

export interface FileModels {
  collection: CollectionFile;
  folder: FolderFile;
  request: GrpcRequest;
  environment: EnvironmentFile;
}

const schemas: { [K in FileKind]: z.ZodType<FileModels[K]> } = {
  collection: collectionFileSchema,
  folder: folderFileSchema,
  request: grpcRequestSchema,
  environment: environmentFileSchema,
};

export type ParseResult<K extends FileKind> = { ok: true; model: FileModels[K] } | { ok: false; problem: FileProblem };

const parseOptions = { version: '1.2', schema: 'core', prettyErrors: false, uniqueKeys: true } as const;
const toStringOptions = { indent: 2, lineWidth: 0, flowCollectionPadding: false } as const;

/** Parses a file of one kind; a problem names the path, line and column. */
export function parseFile<K extends FileKind>(kind: K, text: string, path: string): ParseResult<K> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...parseOptions, lineCounter });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const at = lineCounter.linePos(yamlError.pos[0]);
    return { ok: false, problem: { path, line: at?.line, col: at?.col, message: firstLine(yamlError.message) } };
  }
  const parsed = schemas[kind].safeParse(doc.toJS() ?? {});
  if (parsed.success) return { ok: true, model: parsed.data };
  const issue = parsed.error.issues[0]!;
  const offset = nodeOffset(doc, issue.path as (string | number)[]);
  const at = offset === undefined ? undefined : lineCounter.linePos(offset);
  const field = issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
  return { ok: false, problem: { path, line: at?.line, col: at?.col, message: `${field}${issue.message}` } };
}

/**
 * The package's `schemas/` folder (the JSON Schemas ship in the package): found from this module,
 * which runs from main/engine/collections/ in the sources and from dist/ when bundled.
 */
export function packageSchemasDir(): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'schemas', jsonSchemaFiles.request))) return join(dir, 'schemas');
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The `# yaml-language-server: $schema=…` line of a new file at `file`: a relative path from the
 * file to the package's schemas/ folder, so editors validate it offline; none when the folder is not found.
 */
function schemaLine(kind: FileKind, file: string): string {
  const schemasDir = packageSchemasDir();
  if (schemasDir === undefined) return '';
  const path = relative(dirname(file), join(schemasDir, jsonSchemaFiles[kind])).split(sep).join('/');
  return `# yaml-language-server: $schema=${path}\n`;
}

/** The model as a new file at `file` (absolute): canonical layout with the schema line. */
export function stringifyNewFile<K extends FileKind>(kind: K, model: FileModels[K], file: string): string {
  const canonical = schemas[kind].parse(model);
  const doc = new Document(canonical, { version: '1.2' });
  styleNode(doc.contents as Node, []);
  return `${schemaLine(kind, file)}${doc.toString(toStringOptions)}`;
}

/**
 * The model written over the text of the file as it is: the same bytes when nothing changed,
 * otherwise only the changed nodes replaced. A file that does not parse cannot be edited in place
 * and is refused (the caller never overwrites a file it could not read).
 */
export function stringifyFile<K extends FileKind>(
  kind: K,
  model: FileModels[K],
  file: string,
  previousText?: string,
): string {
  if (previousText === undefined) return stringifyNewFile(kind, model, file);
  const canonical = schemas[kind].parse(model) as Record<string, unknown>;
  const doc = parseDocument(previousText, parseOptions);
  if (doc.errors.length > 0)
    throw new Error(`cannot edit a file that does not parse: ${firstLine(doc.errors[0]!.message)}`);
  const before = schemas[kind].safeParse(doc.toJS() ?? {});
  if (before.success && sameJson(before.data, canonical)) return previousText;
  if (!isMap(doc.contents)) return stringifyNewFile(kind, model, file);
  updateMap(doc, doc.contents, [], canonical);
  return doc.toString(toStringOptions);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

function nodeOffset(doc: Document, path: (string | number)[]): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true);
    const range = (node as Node | null | undefined)?.range;
    if (range) return range[0];
  }
  return undefined;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

type Path = readonly (string | number)[];

/** JSON bodies: written as block scalars (`|`), never as YAML mappings. */
function isJsonBodyPath(path: Path): boolean {
  const key = path.at(-1);
  if (path.length === 1) return key === 'message' || key === 'serviceConfig';
  if (path[0] !== 'expect') return false;
  return key === 'equals' || key === 'partial';
}

/** Short lists and small settings read best on one line: `tls: {mode: plaintext}`, `tags: [smoke]`. */
function isFlowPath(path: Path): boolean {
  const key = path.at(-1);
  if (path.length === 1 && (key === 'order' || key === 'tags' || key === 'secrets')) return true;
  return (
    key === 'tls' ||
    key === 'wait' ||
    key === 'reflection' ||
    key === 'distinctBackends' ||
    (key === 'count' && path[0] === 'expect')
  );
}

function styleNode(node: Node | null | undefined, path: Path): void {
  if (node === null || node === undefined) return;
  if (isScalar(node)) {
    if (typeof node.value === 'string') {
      if (isJsonBodyPath(path) || (path.at(-1) === 'json' && node.value.includes('\n')))
        node.type = Scalar.BLOCK_LITERAL;
    }
    return;
  }
  if (isMap(node) || isSeq(node)) {
    if (isFlowPath(path)) node.flow = true;
    if (isMap(node))
      for (const pair of node.items) styleNode(pair.value as Node, [...path, String((pair.key as Scalar).value)]);
    else node.items.forEach((item, index) => styleNode(item as Node, [...path, index]));
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyOf(pair: Pair): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}

/** Rewrites only what differs between the map node and the new value, keeping comments and styles elsewhere. */
function updateMap(doc: Document, map: YAMLMap, path: Path, next: Record<string, unknown>): void {
  const nextKeys = Object.keys(next);
  map.items = map.items.filter((pair) => Object.hasOwn(next, keyOf(pair)));
  for (const [index, key] of nextKeys.entries()) {
    const value = next[key];
    const pair = map.items.find((item) => keyOf(item) === key);
    if (pair === undefined) {
      const created = doc.createPair(key, value);
      styleNode(created.value as Node, [...path, key]);
      const following = nextKeys.slice(index + 1);
      const at = map.items.findIndex((item) => following.includes(keyOf(item)));
      map.items.splice(at === -1 ? map.items.length : at, 0, created as Pair);
      continue;
    }
    pair.value = updateNode(doc, pair.value as Node, [...path, key], value);
  }
}

function updateNode(doc: Document, node: Node | null, path: Path, value: unknown): Node {
  if (isScalar(node) && !isPlainObject(value) && !Array.isArray(value)) {
    if (node.value !== value) node.value = value;
    return node;
  }
  if (isMap(node) && isPlainObject(value)) {
    updateMap(doc, node, path, value);
    return node;
  }
  if (isSeq(node) && Array.isArray(value) && node.items.length === value.length) {
    node.items = node.items.map((item, index) => updateNode(doc, item as Node, [...path, index], value[index]));
    return node;
  }
  const created = doc.createNode(value) as Node;
  styleNode(created, path);
  return created;
}
