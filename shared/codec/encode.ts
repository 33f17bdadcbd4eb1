import { fromJson, toBinary, type DescMessage, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { RequestJsonError, errorText, rootPath } from './errors';
import { ExactIntegers, JsonSyntaxError, parseJsonText, type ParsedJson } from './json-text';
import { normalizeRequestJson } from './validate';

export interface EncodeOptions {
  registry: Registry;
  /** Ignore unknown field names and unknown enum names (grpcurl's -allow-unknown-fields). */
  allowUnknownFields?: boolean;
}

/**
 * Request JSON (text or parsed) → the message's wire bytes. Throws RequestJsonError naming the
 * field path and what was expected there, or line:column for JSON syntax errors. A string is
 * always JSON text (so a message whose JSON is a string, like Duration, is passed as `'"1s"'`);
 * empty text is the empty message, as with grpcurl's `-d ''`.
 */
export function encodeRequestJson(desc: DescMessage, json: string | JsonValue, opts: EncodeOptions): Uint8Array {
  const parsed: Partial<ParsedJson> & { value: JsonValue } =
    typeof json === 'string' ? parseRequestText(json) : { value: json };
  const allowUnknownFields = opts.allowUnknownFields ?? false;
  const normalized = normalizeRequestJson(desc, parsed.value, {
    registry: opts.registry,
    allowUnknownFields,
    exactIntegers: parsed.exactIntegers,
  });
  let message;
  try {
    message = fromJson(desc, normalized, { registry: opts.registry, ignoreUnknownFields: allowUnknownFields });
  } catch (error) {
    // The walk above checks everything protobuf-es does; this only guards against a gap in it.
    throw new RequestJsonError(rootPath, errorText(error));
  }
  return toBinary(desc, message);
}

function parseRequestText(text: string): ParsedJson {
  if (text.trim() === '') return { value: {}, exactIntegers: new ExactIntegers() };
  try {
    return parseJsonText(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new RequestJsonError(rootPath, `invalid JSON: ${error.problem}`, error);
    throw error;
  }
}
