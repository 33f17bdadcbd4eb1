import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFile, stringifyFile, stringifyNewFile, type FileKind } from './yaml-files';

const example = fileURLToPath(new URL('../../../proto-samples/collections/lab', import.meta.url));
const schemasDir = fileURLToPath(new URL('../../../schemas', import.meta.url));
/** Where a file would be when only an edit in place is tested (its location matters for new files only). */
const anyFile = join(example, 'users', 'edited.grpc.yaml');
const newFile = join(example, 'users', 'new.grpc.yaml');

function kindOf(path: string): FileKind | undefined {
  if (path.endsWith('.grpc.yaml')) return 'request';
  if (path.endsWith('workbench.yaml')) return 'collection';
  if (path.endsWith('_folder.yaml')) return 'folder';
  if (path.includes('environments/')) return 'environment';
  return undefined;
}

function yamlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : name.endsWith('.yaml') ? [path] : [];
  });
}

const getUser = `# yaml-language-server: $schema=../schemas/grpc-request.schema.json
# Looks a user up. The comment above the kind stays.
kind: grpc-request
name: Get a user # trailing comment
method: user.v1.UserService/GetUser
tls: {mode: plaintext}
metadata:
  # who we are
  x-client: workbench
message: |
  {"id": "u42",
   "big": 9007199254740993}
expect:
  status: OK
  capture:
    userName: $.name
tags: [smoke, users]
`;

describe('collection files', () => {
  it('open → save of every shipped example file gives the same bytes', () => {
    const files = yamlFiles(example);
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const kind = kindOf(relative(example, file))!;
      const text = readFileSync(file, 'utf8');
      const parsed = parseFile(kind, text, file);
      expect(parsed.ok, file).toBe(true);
      if (parsed.ok) expect(stringifyFile(kind, parsed.model, anyFile, text)).toBe(text);
    }
  });

  it('editing one field changes that line only, keeping comments and layout elsewhere', () => {
    const parsed = parseFile('request', getUser, 'get-user.grpc.yaml');
    if (!parsed.ok) throw new Error(parsed.problem.message);
    const saved = stringifyFile('request', { ...parsed.model, name: 'Get one user' }, anyFile, getUser);
    expect(saved).toBe(getUser.replace('name: Get a user #', 'name: Get one user #'));
  });

  it('adds a new field in canonical key order and drops a removed one, leaving the rest alone', () => {
    const parsed = parseFile('request', getUser, 'get-user.grpc.yaml');
    if (!parsed.ok) throw new Error(parsed.problem.message);
    const { tags: _tags, ...withoutTags } = parsed.model;
    const saved = stringifyFile('request', { ...withoutTags, deadline: '2s' }, anyFile, getUser);
    expect(saved).toBe(
      getUser
        .replace('tls: {mode: plaintext}\n', 'tls: {mode: plaintext}\ndeadline: 2s\n')
        .replace('tags: [smoke, users]\n', ''),
    );
  });

  it('keeps JSON bodies as text: a big int64 and `no` are not turned into YAML values', () => {
    const parsed = parseFile('request', getUser, 'get-user.grpc.yaml');
    expect(parsed.ok && parsed.model.message).toBe('{"id": "u42",\n "big": 9007199254740993}\n');
  });

  it('writes a new file canonically: schema line, model key order, 2 spaces, LF, JSON bodies as block scalars', () => {
    const text = stringifyNewFile(
      'request',
      {
        tags: ['smoke'],
        expect: { message: { partial: '{"id": "u1"}\n' }, status: 'OK' },
        message: '{"id": "u1"}\n',
        method: 'user.v1.UserService/GetUser',
        name: 'Get',
        kind: 'grpc-request',
        tls: { mode: 'plaintext' },
        messages: undefined,
      },
      newFile,
    );
    expect(text).toBe(
      [
        // A relative path from the new file to the package's schemas/ folder.
        `# yaml-language-server: $schema=${relative(dirname(newFile), join(schemasDir, 'grpc-request.schema.json'))}`,
        'kind: grpc-request',
        'name: Get',
        'method: user.v1.UserService/GetUser',
        'tls: {mode: plaintext}',
        'message: |',
        '  {"id": "u1"}',
        'expect:',
        '  status: OK',
        '  message:',
        '    partial: |',
        '      {"id": "u1"}',
        'tags: [smoke]',
        '',
      ].join('\n'),
    );
    const parsed = parseFile('request', text, 'new.grpc.yaml');
    expect(parsed.ok && stringifyFile('request', parsed.model, anyFile, text)).toBe(text);
  });

  it('reports a file that does not parse as path:line:col', () => {
    expect(parseFile('request', 'kind: grpc-request\nname: x\nmethod: [a\n', 'users/bad.grpc.yaml')).toEqual({
      ok: false,
      problem: { path: 'users/bad.grpc.yaml', line: 4, col: 1, message: expect.stringMatching(/flow sequence/i) },
    });
    expect(
      parseFile('request', 'kind: grpc-request\nname: x\nmethod: a/b\ntags: [1, {}]\n', 'x.grpc.yaml'),
    ).toMatchObject({
      ok: false,
      problem: { line: 4, col: 8, message: 'tags.0: Invalid input: expected string, received number' },
    });
    // A misspelt TLS key is an error, not a TLS setting that quietly lacks its CA.
    expect(
      parseFile(
        'request',
        'kind: grpc-request\nname: x\nmethod: a/b\ntls: {mode: tls, caFlie: ca.pem}\n',
        'x.grpc.yaml',
      ),
    ).toMatchObject({ ok: false, problem: { line: 4, message: expect.stringMatching(/caFlie/) } });
    expect(
      parseFile('environment', 'kind: environment\nname: dev\nsurprise: 1\n', 'environments/dev.yaml'),
    ).toMatchObject({
      ok: false,
      problem: { line: 1, message: expect.stringMatching(/surprise/) },
    });
    expect(parseFile('collection', 'kind: collection\nversion: 1\nname: a\nname: b\n', 'workbench.yaml')).toMatchObject(
      {
        ok: false,
        problem: { line: 4, message: expect.stringMatching(/unique/i) },
      },
    );
  });

  it('refuses to edit a file that does not parse', () => {
    expect(() => stringifyFile('folder', { kind: 'folder', name: 'x' }, anyFile, 'kind: folder\nname: [\n')).toThrow(
      /does not parse/,
    );
  });
});
