import { flagAliases, flagSpec, isFlagName, type FlagName } from './flags';
import { UsageError } from './usage-error';

/**
 * Rewrites grpcurl-style arguments into the shape util.parseArgs understands.
 *
 * grpcurl uses Go's `flag` package: long flags with ONE dash (`-plaintext`, `-max-time 5`), two
 * dashes work too, values follow as the next argument or after `=`, and booleans take `=true` /
 * `=false`. util.parseArgs reads a single dash as a cluster of one-letter options (`-plaintext`
 * would be `-p -l -a …`) and rejects values on booleans, so before parsing every flag becomes
 * `--name` (booleans; `--no-name` for `=false`) or `--name=value` (strings — joined here so a
 * value that starts with a dash, like `-d -1`, is not mistaken for a flag).
 * Unknown flags fail here, naming the flag exactly as the user typed it.
 */
export function normalizeArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i] as string;
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      out.push(token);
      continue;
    }
    const body = token.replace(/^--?/, '');
    const equals = body.indexOf('=');
    const typedName = equals === -1 ? body : body.slice(0, equals);
    const inlineValue = equals === -1 ? undefined : body.slice(equals + 1);
    const name = canonicalFlagName(typedName, token);
    if (flagSpec(name).type === 'boolean') {
      out.push(parseBooleanValue(inlineValue, typedName) ? `--${name}` : `--no-${name}`);
      continue;
    }
    if (inlineValue !== undefined) {
      out.push(`--${name}=${inlineValue}`);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined) throw new UsageError(`Flag -${typedName} needs a value.`);
    out.push(`--${name}=${next}`);
    i += 1;
  }
  return out;
}

function canonicalFlagName(typedName: string, token: string): FlagName {
  if (isFlagName(typedName)) return typedName;
  const alias = flagAliases[typedName];
  if (alias !== undefined) return alias;
  const shown = token.includes('=') ? token.slice(0, token.indexOf('=')) : token;
  throw new UsageError(`Unknown flag ${shown}.`);
}

/** Go's strconv.ParseBool, which is what `-flag=value` accepts for grpcurl's boolean flags. */
function parseBooleanValue(value: string | undefined, typedName: string): boolean {
  if (value === undefined) return true;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new UsageError(`Flag -${typedName} takes true or false, not '${value}'.`);
}
