import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exportGrpcurl, importGrpcurl, shellQuote, splitShellCommand } from '../../../shared/collections/grpcurl';
import type { GrpcRequest } from '../../../shared/collections/request';

const unary: GrpcRequest = {
  kind: 'grpc-request',
  name: 'GetUser',
  method: 'user.v1.UserService/GetUser',
  target: '127.0.0.1:50051',
  tls: { mode: 'plaintext' },
  authority: 'users.internal',
  deadline: '5s',
  metadata: { authorization: 'Bearer {{secret.token}}', 'x-trace': "it's {{trace}}" },
  message: '{"id": "u42", "note": "a \'quoted\' $HOME `x`"}\n',
};

const stream: GrpcRequest = {
  kind: 'grpc-request',
  name: 'ImportUsers',
  method: 'user.v1.UserService/ImportUsers',
  target: 'users.example.com:443',
  tls: {
    mode: 'tls',
    caFile: 'certs/ca.crt',
    certFile: 'certs/client.crt',
    keyFile: 'certs/client.key',
    serverName: 'users',
  },
  metadata: { 'x-api-key': '{{secret.apiKey}}' },
  messages: [{ json: '{"id": "u1", "name": "Ada $1"}' }, { json: '{"id": "u2", "token": "{{secret.apiKey}}"}' }],
};

/** What the shell makes of a command line: its words, with the here-document on stdin. */
function shellWords(command: string, env: Record<string, string>): { words: string[]; stdin: string } {
  const script = `printwords() { for w in "$@"; do printf '%s\\0' "$w"; done; printf '\\1'; cat; }\n${command.replace(/^grpcurl/m, 'printwords')}`;
  const out = execFileSync('sh', ['-c', script], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  const [words, stdin] = out.split('\u0001') as [string, string];
  return { words: words.split('\0').slice(0, -1), stdin };
}

describe('grpcurl export', () => {
  it('quotes for a POSIX shell and refers to secrets by environment variable, never by value', () => {
    const command = exportGrpcurl({ request: unary, scope: { vars: { trace: 't-1' } } });
    expect(command).toContain('"authorization: Bearer $WORKBENCH_SECRET_TOKEN"');
    const { words } = shellWords(command, { WORKBENCH_SECRET_TOKEN: 'tok en' });
    expect(words).toEqual([
      '-plaintext',
      '-authority',
      'users.internal',
      '-H',
      'authorization: Bearer tok en',
      '-H',
      "x-trace: it's t-1",
      '-max-time',
      '5',
      '-d',
      '{"id": "u42", "note": "a \'quoted\' $HOME `x`"}',
      '127.0.0.1:50051',
      'user.v1.UserService/GetUser',
    ]);
  });

  it('sends a stream as -d @ with a here-document, secrets expanded by the shell', () => {
    const command = exportGrpcurl({ request: stream });
    expect(command).not.toContain('s3cret');
    const { words, stdin } = shellWords(command, { WORKBENCH_SECRET_APIKEY: 's3cret' });
    expect(words).toContain('@');
    expect(words.slice(-2)).toEqual(['users.example.com:443', 'user.v1.UserService/ImportUsers']);
    expect(stdin).toBe('{"id": "u1", "name": "Ada $1"}\n{"id": "u2", "token": "s3cret"}\n');
  });

  it('says what grpcurl cannot express', () => {
    const command = exportGrpcurl({
      request: { ...stream, loadBalancingPolicy: 'round_robin', messages: [{ json: '{}' }, { delay: '1s' }] },
    });
    expect(command.split('\n')[0]).toBe(
      '# not expressible in grpcurl, left out: loadBalancingPolicy: round_robin, delay and wait steps',
    );
  });
});

describe('grpcurl import', () => {
  it('export → import gives the same request, and export again the same command', () => {
    for (const request of [{ ...unary, metadata: { authorization: 'Bearer {{secret.token}}' } }, stream]) {
      const command = exportGrpcurl({ request });
      const imported = importGrpcurl(command, { name: request.name, secretNames: ['token', 'apiKey'] });
      expect(imported.request).toEqual(request);
      expect(exportGrpcurl({ request: imported.request })).toBe(command);
    }
  });

  it('reads words after --, flag=value forms and dotted method names', () => {
    const { request, schema } = importGrpcurl([
      'grpcurl',
      '--import-path=protos',
      '-proto',
      'user/v1/user.proto',
      '-insecure',
      '-d',
      '{"id":"u1"}',
      'localhost:443',
      'user.v1.UserService.GetUser',
    ]);
    expect(request).toMatchObject({
      method: 'user.v1.UserService/GetUser',
      tls: { mode: 'tls', insecureSkipVerify: true },
    });
    expect(schema).toEqual([{ proto: { files: ['user/v1/user.proto'], importPaths: ['protos'] } }]);
  });

  it('keeps shell variables as references: collection secrets, else the host environment', () => {
    const { request } = importGrpcurl(
      'grpcurl -plaintext -H "authorization: Bearer $TOKEN" -H "x-api-key: ${WORKBENCH_SECRET_APIKEY}" -d \'{}\' x:1 a.B/C',
      { secretNames: ['apiKey'] },
    );
    expect(request.metadata).toEqual({ authorization: 'Bearer {{env.TOKEN}}', 'x-api-key': '{{secret.apiKey}}' });
  });

  it('names what it cannot read', () => {
    expect(() => importGrpcurl('grpcurl -plaintext -bogus x:1 a.B/C')).toThrow(/-bogus is not a grpcurl flag/);
    expect(() => importGrpcurl('grpcurl -plaintext -H "a: $(cat token)" x:1 a.B/C')).toThrow(
      /"\$" not followed by a variable name/,
    );
    expect(() => importGrpcurl("grpcurl -d '{ x:1 a.B/C")).toThrow(/unclosed '/);
    expect(() => importGrpcurl('grpcurl -plaintext x:1')).toThrow(/exactly a target and a method/);
  });

  it('splits line continuations and keeps quoted spaces', () => {
    expect(splitShellCommand("grpcurl \\\n  -H 'a: b c' \\\n  x:1 a.B/C").words).toEqual([
      'grpcurl',
      '-H',
      'a: b c',
      'x:1',
      'a.B/C',
    ]);
    expect(shellQuote('plain-word')).toBe('plain-word');
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
});
