import { describe, expect, it } from 'vitest';
import { MAX_BURST_CALLS } from '../../shared/api';
import { expandHeaderVariables, parseCommandLine, type Command } from './args';
import { normalizeArgv } from './normalize-argv';
import { flagSpecs } from './flags';
import { UsageError } from './usage-error';
import { usageText } from './usage';

function parse(...argv: string[]): Command {
  return parseCommandLine(argv).command;
}

function invoke(...argv: string[]): Extract<Command, { kind: 'invoke' }> {
  const command = parse(...argv);
  if (command.kind !== 'invoke') throw new Error(`expected invoke, got ${command.kind}`);
  return command;
}

function usageErrorOf(...argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('normalizeArgv', () => {
  it('turns single- and double-dash flags into --name / --name=value', () => {
    expect(normalizeArgv(['-plaintext', '--insecure', '-d', '{}', '--max-time=3', 'addr'])).toEqual([
      '--plaintext',
      '--insecure',
      '--d={}',
      '--max-time=3',
      'addr',
    ]);
  });

  it('maps boolean =false to the negated form and rejects non-boolean values', () => {
    expect(normalizeArgv(['-use-reflection=false', '-plaintext=true', '-v=1', '-emit-defaults=F'])).toEqual([
      '--no-use-reflection',
      '--plaintext',
      '--v',
      '--no-emit-defaults',
    ]);
    expect(() => normalizeArgv(['-plaintext=yes'])).toThrow(/-plaintext takes true or false, not 'yes'/);
  });

  it('keeps a value that starts with a dash as the value', () => {
    expect(normalizeArgv(['-d', '-1', 'x'])).toEqual(['--d=-1', 'x']);
  });

  it('copies everything after -- verbatim and keeps a lone dash positional', () => {
    expect(normalizeArgv(['-v', '--', '-notaflag', '-'])).toEqual(['--v', '--', '-notaflag', '-']);
    expect(normalizeArgv(['-'])).toEqual(['-']);
  });

  it('names an unknown flag as typed', () => {
    expect(() => normalizeArgv(['-bogus=1'])).toThrow('Unknown flag -bogus.');
    expect(() => normalizeArgv(['--nope'])).toThrow('Unknown flag --nope.');
  });

  it('reports a missing value', () => {
    expect(() => normalizeArgv(['-H'])).toThrow('Flag -H needs a value.');
  });

  it('accepts -h as -help', () => {
    expect(normalizeArgv(['-h'])).toEqual(['--help']);
  });
});

describe('parseCommandLine: grpcurl forms', () => {
  it('parses ADDRESS METHOD with every connection flag, in both dash styles and = form', () => {
    const command = invoke(
      '--cacert',
      'ca.pem',
      '-cert=c.pem',
      '--key=k.pem',
      '-authority',
      'api.example',
      '-servername=api.example',
      '-user-agent',
      'me/1',
      '-connect-timeout',
      '2.5',
      '--keepalive-time=30',
      '-max-time',
      '0.25',
      '-max-msg-sz',
      '1048576',
      'localhost:50051',
      'user.v1.UserService/GetUser',
    );
    expect(command.target).toBe('localhost:50051');
    expect(command.method).toBe('user.v1.UserService/GetUser');
    expect(command.options.connection).toEqual({
      plaintext: false,
      insecure: false,
      cacert: 'ca.pem',
      cert: 'c.pem',
      key: 'k.pem',
      authority: 'api.example',
      servername: 'api.example',
      userAgent: 'me/1',
      connectTimeoutSec: 2.5,
      keepaliveTimeSec: 30,
      maxMsgSz: 1048576,
    });
    expect(command.options.maxTimeSec).toBe(0.25);
  });

  it('collects repeated headers per kind, keeping order', () => {
    const command = invoke(
      '-H',
      'a: 1',
      '--H=b: 2',
      '-rpc-header',
      'r: 1',
      '-reflect-header=x: 1',
      '-reflect-header',
      'y-bin: AAE=',
      '-plaintext',
      'h:1',
      'svc.S.M',
    );
    expect(command.options.headers).toEqual({
      both: ['a: 1', 'b: 2'],
      rpc: ['r: 1'],
      reflect: ['x: 1', 'y-bin: AAE='],
    });
  });

  it('reads -d as inline, @ as stdin, absent as none', () => {
    expect(invoke('-d', '{"id":"1"}', 'h:1', 'S/M').data).toEqual({ source: 'inline', text: '{"id":"1"}' });
    expect(invoke('-d', '@', 'h:1', 'S/M').data).toEqual({ source: 'stdin' });
    expect(invoke('h:1', 'S/M').data).toEqual({ source: 'none' });
  });

  it('parses the output switches', () => {
    const command = invoke(
      '-v',
      '-emit-defaults',
      '-allow-unknown-fields',
      '-format',
      'json',
      '-format-error',
      '--output',
      'json',
      'h:1',
      'S/M',
    );
    expect(command.options.verbosity).toBe(1);
    expect(command.options.emitDefaults).toBe(true);
    expect(command.options.output).toBe('json');
    expect(command.allowUnknownFields).toBe(true);
    expect(command.formatError).toBe(true);
    expect(invoke('-vv', 'h:1', 'S/M').options.verbosity).toBe(2);
    expect(invoke('h:1', 'S/M').options.output).toBe('text');
  });

  it('accepts flags after the positionals too', () => {
    const command = invoke('h:1', 'S/M', '-plaintext', '-d', '{}');
    expect(command.options.connection.plaintext).toBe(true);
    expect(command.data).toEqual({ source: 'inline', text: '{}' });
  });

  it('defaults -use-reflection to true unless -proto or -protoset is given', () => {
    expect(invoke('h:1', 'S/M').options.schema.useReflection).toBe(true);
    const withProto = invoke('-proto', 'a.proto', '-proto=dir', '-import-path', 'p1', '--import-path=p2', 'h:1', 'S/M');
    expect(withProto.options.schema).toEqual({
      protoFiles: ['a.proto', 'dir'],
      importPaths: ['p1', 'p2'],
      protosets: [],
      useReflection: false,
    });
    expect(invoke('-protoset', 'a.pb', '-use-reflection', 'h:1', 'S/M').options.schema.useReflection).toBe(true);
    expect(
      invoke('-protoset', 'a.pb', '-protoset', 'b.pb', '-protoset-out', 'o.pb', 'h:1', 'S/M').options.schema,
    ).toEqual({
      protoFiles: [],
      importPaths: [],
      protosets: ['a.pb', 'b.pb'],
      useReflection: false,
      protosetOut: 'o.pb',
    });
  });

  it('parses list and describe with and without an address', () => {
    expect(parse('-plaintext', 'h:1', 'list')).toMatchObject({ kind: 'list', target: 'h:1' });
    expect(parse('h:1', 'list', 'user.v1.UserService')).toMatchObject({
      kind: 'list',
      target: 'h:1',
      service: 'user.v1.UserService',
    });
    expect(parse('-proto', 'x.proto', 'list')).toMatchObject({ kind: 'list' });
    expect(parse('-proto', 'x.proto', 'list')).not.toHaveProperty('target');
    expect(parse('-protoset', 'x.pb', 'describe', 'pkg.Msg')).toMatchObject({ kind: 'describe', symbol: 'pkg.Msg' });
    expect(parse('h:1', 'describe')).toMatchObject({ kind: 'describe', target: 'h:1' });
  });

  it('warns about flags list/describe ignore', () => {
    const { warnings } = parseCommandLine(['-d', '{}', '-rpc-header', 'a: b', '-import-path', 'x', 'h:1', 'list']);
    expect(warnings).toEqual([
      "The -d argument is not used with 'list' or 'describe'.",
      "The -rpc-header argument is not used with 'list' or 'describe'.",
      'The -import-path argument is not used unless -proto files are used.',
    ]);
  });

  it('parses help, version and serve', () => {
    expect(parse('-help')).toEqual({ kind: 'help' });
    expect(parse('--help', 'h:1', 'list')).toEqual({ kind: 'help' });
    expect(parse('-version')).toEqual({ kind: 'version' });
    expect(parse('serve', '--port', '0', '--open')).toEqual({ kind: 'serve', argv: ['--port', '0', '--open'] });
  });
});

describe('parseCommandLine: health and burst', () => {
  it('parses health with an optional service and --watch anywhere', () => {
    expect(parse('health', '-plaintext', 'h:1')).toMatchObject({ kind: 'health', target: 'h:1', watch: false });
    expect(parse('health', 'h:1', 'user.v1.UserService', '--watch', '-plaintext')).toMatchObject({
      kind: 'health',
      target: 'h:1',
      service: 'user.v1.UserService',
      watch: true,
    });
  });

  it('parses burst flags in any position', () => {
    const command = parse(
      'burst',
      '-n',
      '600',
      'h:1',
      '--connections',
      '3',
      'user.v1.UserService/GetUser',
      '-c=20',
      '--lb',
      'round_robin',
      '--backend-key',
      'x-backend',
      '--backends',
      'a,b',
      '--backends=c',
      '-d',
      '{"id":"1"}',
      '--rate',
      '50.5',
      '--duration',
      '10s',
      '--output',
      'json',
      '-plaintext',
    );
    expect(command).toMatchObject({
      kind: 'burst',
      target: 'h:1',
      method: 'user.v1.UserService/GetUser',
      data: { source: 'inline', text: '{"id":"1"}' },
      burst: {
        total: 600,
        concurrency: 20,
        connections: 3,
        lbPolicy: 'round_robin',
        backendKey: 'x-backend',
        knownBackends: ['a', 'b', 'c'],
        ratePerSecond: 50.5,
        duration: '10s',
      },
      options: { output: 'json', connection: { plaintext: true } },
    });
  });

  it('gives burst defaults', () => {
    expect(parse('burst', 'h:1', 'S/M')).toMatchObject({
      burst: { total: 100, concurrency: 10, connections: 'shared', knownBackends: [] },
    });
    expect(parse('burst', 'h:1', 'S/M', '--connections', 'per-call')).toMatchObject({
      burst: { connections: 'per-call' },
    });
  });

  it('lets --duration alone run for its time: -n does not default to 100 then', () => {
    expect(parse('burst', 'h:1', 'S/M', '--duration', '5s')).toMatchObject({
      burst: { total: MAX_BURST_CALLS, duration: '5s' },
    });
    // Both given: whichever comes first ends the burst.
    expect(parse('burst', 'h:1', 'S/M', '--duration', '5s', '-n', '20')).toMatchObject({
      burst: { total: 20, duration: '5s' },
    });
  });
});

describe('parseCommandLine: usage errors', () => {
  it.each([
    [['-plaintext'], 'Too few arguments.'],
    [['h:1'], 'Too few arguments.'],
    [['h:1', 'S/M', 'extra'], 'Too many arguments.'],
    [['h:1', 'list', 'a', 'b'], 'Too many arguments.'],
    [['list'], 'No host:port specified, no protoset specified, and no proto sources specified.'],
    [['-plaintext', '-insecure', 'h:1', 'S/M'], 'The -insecure argument can only be used with TLS.'],
    [['-plaintext', '-cert', 'c', '-key', 'k', 'h:1', 'S/M'], 'The -cert argument can only be used with TLS.'],
    [['-cert', 'c', 'h:1', 'S/M'], 'The -cert and -key arguments must be used together and both be present.'],
    [
      ['-authority', 'a', '-servername', 'b', 'h:1', 'S/M'],
      'Cannot specify different values for -servername and -authority.',
    ],
    [
      ['-format', 'text', 'h:1', 'S/M'],
      "The -format option must be 'json' (protobuf text format is not supported), not 'text'.",
    ],
    [['-proto', 'a', '-protoset', 'b', 'h:1', 'S/M'], 'Use either -protoset files or -proto files, but not both.'],
    [
      ['-use-reflection=false', 'h:1', 'S/M'],
      'No protoset files or proto files specified and -use-reflection set to false.',
    ],
    [['-max-time', '-1', 'h:1', 'S/M'], 'The -max-time argument must not be negative.'],
    [['-connect-timeout', 'soon', 'h:1', 'S/M'], "The -connect-timeout argument must be a number, not 'soon'."],
    [['-max-msg-sz', '1.5', 'h:1', 'S/M'], "The -max-msg-sz argument must be an integer, not '1.5'."],
    [['--output', 'yaml', 'h:1', 'S/M'], "--output takes text or json, not 'yaml'."],
    [['-n', '5', 'h:1', 'S/M'], 'The -n flag is not used with a call (it belongs to: burst).'],
    [['--watch', 'h:1', 'list'], 'The -watch flag is not used with list (it belongs to: health).'],
    [['-msg-template', 'h:1', 'list'], 'The -msg-template flag is not used with list (it belongs to: describe).'],
    [['-unix', 'list', '-protoset', 'x.pb'], '-unix needs an address: the path of the Unix domain socket.'],
    [['health'], 'health needs a host:port: grpc-workbench health [flags] ADDRESS [SERVICE].'],
    [['burst', 'h:1'], 'burst needs an address and a method: grpc-workbench burst [flags] ADDRESS METHOD -n N -c C.'],
    [['burst', 'h:1', 'S/M', '-n', '0'], 'The -n argument must be greater than zero.'],
    [
      ['burst', 'h:1', 'S/M', '--connections', 'many'],
      "--connections takes shared, per-call or a number of channels, not 'many'.",
    ],
    [['burst', 'h:1', 'S/M', '--lb', 'random'], "--lb takes pick_first or round_robin, not 'random'."],
    [['-v', 'serve'], "'serve' must come first: grpc-workbench serve [--port N] [--open]."],
    [['-frobnicate', 'h:1', 'S/M'], 'Unknown flag -frobnicate.'],
  ])('%j → %s', (argv, message) => {
    expect(usageErrorOf(...argv)).toBe(message);
  });
});

describe('usageText', () => {
  it('lists every flag of the flag table', () => {
    const text = usageText();
    for (const name of Object.keys(flagSpecs)) expect(text).toContain(`\n  -${name}`);
  });
});

describe('expandHeaderVariables (-expand-headers)', () => {
  const env = { TOKEN: 'abc', EMPTY: '' };
  it('replaces each ${NAME}, as grpcurl does, and leaves other text alone', () => {
    expect(expandHeaderVariables('authorization: Bearer ${TOKEN}', '-H', env)).toBe('authorization: Bearer abc');
    expect(expandHeaderVariables('x: ${TOKEN}-${TOKEN}${EMPTY}', '-H', env)).toBe('x: abc-abc');
    expect(expandHeaderVariables('x: $TOKEN ${not a name} ${}', '-H', env)).toBe('x: $TOKEN ${not a name} ${}');
  });
  it('names the header and the variable that is not set', () => {
    expect(() => expandHeaderVariables('x: ${MISSING}', '-rpc-header', env)).toThrow(
      "-rpc-header 'x: ${MISSING}' refers to the environment variable MISSING, which is not set.",
    );
  });
});
