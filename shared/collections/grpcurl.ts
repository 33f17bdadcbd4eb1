/**
 * A request file ↔ a grpcurl command line. Export writes what grpcurl (and our CLI, which takes
 * the same flags) runs as is: POSIX-shell quoted, client/bidi streams as `-d @` with a
 * here-document, secrets as `"$WORKBENCH_SECRET_NAME"` references, never their values. Import
 * reads such a command back; export → import → export is stable for all grpcurl can express.
 */
import { WorkbenchError } from '../api/errors';
import { parseDurationMs } from '../duration';
import { parseJsonValues } from '../json-stream';
import type { SchemaSourceSetting } from './collection';
import type { GrpcRequest, StreamStep } from './request';
import { findVariablesDeep, resolveDeep, SECRET_ENV_PREFIX, secretEnvVariable, type VariableScope } from './variables';

export interface GrpcurlExportOptions {
  /** Defaults already applied (see applyDefaults). */
  request: GrpcRequest;
  /** Schema flags; absent or reflection: grpcurl's default. Paths as they should appear. */
  schema?: readonly SchemaSourceSetting[];
  /** Vars and process env for `{{name}}`/`{{env.NAME}}`; secrets are never looked up. */
  scope?: Pick<VariableScope, 'vars' | 'processEnv'>;
  /** The lines of a `file:` stream step. */
  readStreamFile?: (file: string) => string[];
  /** The command name, default `grpcurl`. */
  command?: string;
  /** Named in errors (an unresolved variable). */
  file?: string;
}

const SECRET_MARK = '\u0000';
const secretMark = (name: string) => `${SECRET_MARK}${name}${SECRET_MARK}`;
const marked = new RegExp(`${SECRET_MARK}([^${SECRET_MARK}]*)${SECRET_MARK}`, 'g');

/** One shell word: single-quoted, or double-quoted with `$WORKBENCH_SECRET_…` where a secret goes. */
export function shellQuote(text: string): string {
  if (!text.includes(SECRET_MARK)) {
    if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text)) return text;
    return `'${text.replace(/'/g, `'\\''`)}'`;
  }
  return `"${escapeForDoubleQuotes(text)}"`;
}

/** Text for double quotes or an unquoted here-document: `\ $ \` "` escaped, secrets as variable references. */
function escapeForDoubleQuotes(text: string, inHereDocument = false): string {
  const special = inHereDocument ? /[\\$`]/g : /[\\$`"]/g;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(marked)) {
    out += text.slice(last, match.index).replace(special, '\\$&');
    const variable = secretEnvVariable(match[1]!);
    const next = text[match.index + match[0].length];
    out += next !== undefined && /[A-Za-z0-9_]/.test(next) ? `\${${variable}}` : `$${variable}`;
    last = match.index + match[0].length;
  }
  return out + text.slice(last).replace(special, '\\$&');
}

function stepsOf(request: GrpcRequest, readStreamFile: (file: string) => string[]): string[] | undefined {
  if (request.messages === undefined) return undefined;
  return request.messages.flatMap((step: StreamStep) =>
    'json' in step ? [step.json] : 'file' in step ? readStreamFile(step.file) : [],
  );
}

/** The command line; comment lines above it name what grpcurl cannot express (delay/wait steps, lb policy). */
export function exportGrpcurl(options: GrpcurlExportOptions): string {
  const secrets = Object.fromEntries(
    findVariablesDeep(options.request).flatMap((ref) =>
      ref.kind === 'secret' ? [[ref.name, secretMark(ref.name)]] : [],
    ),
  );
  const request = resolveDeep(options.request, { vars: {}, ...options.scope, secrets }, options.file ?? 'the request');
  const notes: string[] = [];
  const args: string[] = [options.command ?? 'grpcurl'];
  const tls = request.tls ?? { mode: 'plaintext' };
  if (tls.mode === 'plaintext') args.push('-plaintext');
  else {
    if (tls.insecureSkipVerify) args.push('-insecure');
    if (tls.caFile !== undefined) args.push('-cacert', shellQuote(tls.caFile));
    if (tls.certFile !== undefined) args.push('-cert', shellQuote(tls.certFile));
    if (tls.keyFile !== undefined) args.push('-key', shellQuote(tls.keyFile));
    if (tls.serverName !== undefined) args.push('-servername', shellQuote(tls.serverName));
  }
  if (request.authority !== undefined) args.push('-authority', shellQuote(request.authority));
  for (const source of options.schema ?? []) {
    if ('protoset' in source) args.push('-protoset', shellQuote(source.protoset));
    else if ('proto' in source) {
      for (const path of source.proto.importPaths ?? []) args.push('-import-path', shellQuote(path));
      for (const file of source.proto.files) args.push('-proto', shellQuote(file));
    }
  }
  for (const [key, value] of Object.entries(request.metadata ?? {})) args.push('-H', shellQuote(`${key}: ${value}`));
  if (request.deadline !== undefined) args.push('-max-time', String(parseDurationMs(request.deadline) / 1000));
  if (request.loadBalancingPolicy !== undefined) notes.push(`loadBalancingPolicy: ${request.loadBalancingPolicy}`);
  if (request.serviceConfig !== undefined) notes.push('serviceConfig');
  if (request.messages?.some((step) => 'delay' in step || 'wait' in step)) notes.push('delay and wait steps');
  if (request.expect !== undefined) notes.push('expect');

  const stream = stepsOf(request, options.readStreamFile ?? missingStreamFile);
  let hereDocument = '';
  if (stream === undefined) {
    if (request.message !== undefined) args.push('-d', shellQuote(request.message.trim()));
  } else {
    args.push('-d', '@');
    const body = stream.map((json) => json.trim());
    let delimiter = 'EOF';
    while (body.some((line) => line.split('\n').includes(delimiter))) delimiter += '_';
    const withSecrets = body.some((line) => line.includes(SECRET_MARK));
    const lines = withSecrets ? body.map((line) => escapeForDoubleQuotes(line, true)) : body;
    hereDocument = ` <<${withSecrets ? delimiter : `'${delimiter}'`}\n${lines.map((line) => `${line}\n`).join('')}${delimiter}`;
  }
  if (request.target === undefined) throw new WorkbenchError('bad_input', 'The request has no target to export.');
  args.push(shellQuote(request.target), shellQuote(request.method));
  const comment = notes.length === 0 ? '' : `# not expressible in grpcurl, left out: ${notes.join(', ')}\n`;
  return `${comment}${args.join(' ')}${hereDocument}\n`;
}

function missingStreamFile(file: string): string[] {
  throw new WorkbenchError('bad_input', `The stream file ${file} cannot be read here.`, { subject: file });
}

// ---------------------------------------------------------------------------------------------
// Import

export interface GrpcurlImportOptions {
  /** The request's name; default: the method's name. */
  name?: string;
  /**
   * Secret names as the collection spells them, so `$WORKBENCH_SECRET_APIKEY` comes back as
   * `{{secret.apiKey}}`. Any other `$NAME` comes back as `{{env.NAME}}`.
   */
  secretNames?: readonly string[];
}

export interface GrpcurlImport {
  request: GrpcRequest;
  schema: SchemaSourceSetting[];
}

/** Splits one shell command (with `\` line continuations and an optional here-document) into words. */
export function splitShellCommand(
  commandLine: string,
  secretNames: readonly string[] = [],
): { words: string[]; hereDocument?: string } {
  const secretFor = (variable: string): string | undefined => {
    if (!variable.startsWith(SECRET_ENV_PREFIX)) return undefined;
    const name = secretNames.find((candidate) => secretEnvVariable(candidate) === variable);
    return `{{secret.${name ?? variable.slice(SECRET_ENV_PREFIX.length).toLowerCase()}}}`;
  };
  // A shell variable stays a reference, never its value here: a secret of the collection, or
  // `{{env.NAME}}`, which the host reads from its own environment when the call is sent.
  const expand = (variable: string): string => {
    if (variable === '')
      throw new WorkbenchError(
        'bad_input',
        'A "$" not followed by a variable name: command substitution and special parameters are not imported.',
        { hint: 'Replace it with its value, or with a variable such as $TOKEN.' },
      );
    return secretFor(variable) ?? `{{env.${variable}}}`;
  };
  const text = commandLine
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  const words: string[] = [];
  let current: { text: string } | undefined;
  let hereDocument: string | undefined;
  let i = 0;
  const push = (chunk: string) => (current = { text: (current?.text ?? '') + chunk });
  const readVariable = (): string => {
    if (text[i] === '{') {
      const end = text.indexOf('}', i);
      const name = text.slice(i + 1, end);
      i = end + 1;
      return name;
    }
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (match === null) return '';
    i += match[0].length;
    return match[0];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n') i += 2;
    else if (c === '\\' && i + 1 < text.length) {
      push(text[i + 1]!);
      i += 2;
    } else if (c === ' ' || c === '\t') {
      if (current) words.push(current.text);
      current = undefined;
      i++;
    } else if (c === '\n') {
      if (current) words.push(current.text);
      current = undefined;
      break;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) throw unclosed("'");
      push(text.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      i++;
      let chunk = '';
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && '\\$`"\n'.includes(text[i + 1] ?? '')) {
          if (text[i + 1] !== '\n') chunk += text[i + 1];
          i += 2;
        } else if (text[i] === '$') {
          i++;
          chunk += expand(readVariable());
        } else chunk += text[i++];
      }
      if (i >= text.length) throw unclosed('"');
      push(chunk);
      i++;
    } else if (c === '$') {
      i++;
      push(expand(readVariable()));
    } else if (c === '<' && text[i + 1] === '<') {
      if (current) words.push(current.text);
      current = undefined;
      const match = /^<<-?\s*(?:'([^']+)'|"([^"]+)"|([A-Za-z0-9_]+))/.exec(text.slice(i));
      if (match === null) throw new WorkbenchError('bad_input', 'A here-document needs a delimiter after <<.');
      const quoted = match[3] === undefined;
      const delimiter = match[1] ?? match[2] ?? match[3]!;
      const bodyStart = text.indexOf('\n', i);
      const lines = bodyStart === -1 ? [] : text.slice(bodyStart + 1).split('\n');
      const end = lines.indexOf(delimiter);
      if (end === -1)
        throw new WorkbenchError('bad_input', `The here-document does not end with a line "${delimiter}".`);
      const body = lines.slice(0, end).join('\n');
      hereDocument = quoted ? body : unescapeHereDocument(body, expand);
      i = i + match[0].length;
      // The rest of the command line (after <<EOF) still holds words; the body follows the line.
      const restOfLine = text.slice(i, bodyStart === -1 ? undefined : bodyStart);
      const tail = splitShellCommand(restOfLine, secretNames).words;
      words.push(...tail);
      return { words, hereDocument };
    } else {
      push(c);
      i++;
    }
  }
  if (current) words.push(current.text);
  return hereDocument === undefined ? { words } : { words, hereDocument };
}

function unescapeHereDocument(body: string, expand: (variable: string) => string): string {
  return body.replace(
    /\\([\\$`])|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, escaped, braced, bare) => (escaped !== undefined ? escaped : expand(braced ?? bare)),
  );
}

function unclosed(quote: string): WorkbenchError {
  return new WorkbenchError('bad_input', `The command line has an unclosed ${quote}.`);
}

const valueFlags = new Set([
  'cacert',
  'cert',
  'key',
  'servername',
  'authority',
  'H',
  'rpc-header',
  'd',
  'max-time',
  'import-path',
  'proto',
  'protoset',
]);
const ignoredFlags = new Set([
  'format',
  'connect-timeout',
  'max-msg-sz',
  'keepalive-time',
  'user-agent',
  'reflect-header',
]);
const ignoredSwitches = new Set(['v', 'vv', 'emit-defaults', 'allow-unknown-fields', 'use-reflection', 'format-error']);

/** A grpcurl command line (as text, or its words after `--`) as a request file and its schema flags. */
export function importGrpcurl(command: string | readonly string[], options: GrpcurlImportOptions = {}): GrpcurlImport {
  const split = typeof command === 'string' ? splitShellCommand(command, options.secretNames) : { words: [...command] };
  const words = [...split.words];
  if (words[0] !== undefined && !words[0].startsWith('-') && /(^|\/)(grpcurl|grpc-workbench)$/.test(words[0]))
    words.shift();
  const positional: string[] = [];
  let tls: NonNullable<GrpcRequest['tls']> = { mode: 'tls' };
  const tlsFields: Record<string, string | boolean> = {};
  const metadata: Record<string, string> = {};
  let data: string | undefined;
  let deadline: string | undefined;
  let authority: string | undefined;
  const importPaths: string[] = [];
  const protoFiles: string[] = [];
  const schema: SchemaSourceSetting[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (!word.startsWith('-') || word === '-') {
      positional.push(word);
      continue;
    }
    const [rawName, inline] = word.replace(/^--?/, '').split(/=(.*)/s, 2) as [string, string | undefined];
    const takesValue = valueFlags.has(rawName) || ignoredFlags.has(rawName);
    const value = takesValue ? (inline ?? words[++index]) : inline;
    if (takesValue && value === undefined)
      throw new WorkbenchError('bad_input', `-${rawName} needs a value.`, { subject: rawName });
    switch (rawName) {
      case 'plaintext':
        tls = { mode: 'plaintext' };
        break;
      case 'insecure':
        tlsFields.insecureSkipVerify = true;
        break;
      case 'cacert':
        tlsFields.caFile = value!;
        break;
      case 'cert':
        tlsFields.certFile = value!;
        break;
      case 'key':
        tlsFields.keyFile = value!;
        break;
      case 'servername':
        tlsFields.serverName = value!;
        break;
      case 'authority':
        authority = value;
        break;
      case 'H':
      case 'rpc-header': {
        const at = value!.indexOf(':');
        if (at <= 0) throw new WorkbenchError('bad_input', `-H expects "name: value", got "${value}".`);
        metadata[value!.slice(0, at).trim().toLowerCase()] = value!.slice(at + 1).trimStart();
        break;
      }
      case 'd':
        data = value;
        break;
      case 'max-time':
        deadline = `${value}s`;
        break;
      case 'import-path':
        importPaths.push(value!);
        break;
      case 'proto':
        protoFiles.push(value!);
        break;
      case 'protoset':
        schema.push({ protoset: value! });
        break;
      default:
        if (!ignoredFlags.has(rawName) && !ignoredSwitches.has(rawName))
          throw new WorkbenchError('bad_input', `-${rawName} is not a grpcurl flag this import understands.`, {
            subject: rawName,
          });
    }
  }
  if (protoFiles.length > 0)
    schema.unshift({ proto: { files: protoFiles, ...(importPaths.length ? { importPaths } : {}) } });
  const [target, rawMethod, ...extra] = positional;
  if (target === undefined || rawMethod === undefined || extra.length > 0) {
    throw new WorkbenchError(
      'bad_input',
      'A grpcurl call needs exactly a target and a method (e.g. host:port pkg.Service/Method).',
      {
        hint: `Got: ${positional.join(' ') || 'nothing'}.`,
      },
    );
  }
  const method = rawMethod.includes('/') ? rawMethod : rawMethod.replace(/\.([^.]+)$/, '/$1');
  const finalTls = tls.mode === 'plaintext' ? tls : { ...tls, ...tlsFields };
  const streamed = data === '@';
  if (streamed && split.hereDocument === undefined)
    throw new WorkbenchError('bad_input', '-d @ reads the messages from stdin: give them as a here-document.');
  const body = streamed ? split.hereDocument : data;
  const request: GrpcRequest = {
    kind: 'grpc-request',
    name: options.name ?? method.slice(method.lastIndexOf('/') + 1),
    method,
    target,
    tls: finalTls,
    ...(authority === undefined ? {} : { authority }),
    ...(deadline === undefined ? {} : { deadline }),
    ...(Object.keys(metadata).length === 0 ? {} : { metadata }),
    ...(body === undefined
      ? {}
      : streamed
        ? { messages: parseJsonValues(body).map((value) => ({ json: value.text })) }
        : { message: `${body}\n` }),
  };
  return { request, schema };
}
