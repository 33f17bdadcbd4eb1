/**
 * Checks request JSON against a message descriptor before protobuf-es converts it, because
 * protobuf-es reports the failing field but not where it is (`cannot decode field user.v1.User.name`
 * says nothing about which of 50 users). This walk names the exact path the user wrote
 * (`users[3].roles[2]`) and what was expected there, and returns the JSON normalized for
 * protobuf-es: big int64 literals restored to exact strings, ignorable unknowns dropped.
 */
import {
  ScalarType,
  type DescEnum,
  type DescExtension,
  type DescField,
  type DescMessage,
  type DescOneof,
  type JsonObject,
  type JsonValue,
  type Registry,
} from '@bufbuild/protobuf';
import { RequestJsonError, rootPath } from './errors';
import { setOwnProperty, type ExactIntegers } from './json-text';
import { integerRange, isBase64, mapKeyPattern, scalarFamily, scalarTypeName } from './scalars';
import { closestName } from './suggest';
import { durationMaxSeconds, durationPattern, specialJsonKind, timestampPattern, typeNameOfUrl } from './wkt';

export interface NormalizeOptions {
  registry: Registry;
  /** Ignore unknown field names and unknown enum value names (grpcurl's -allow-unknown-fields). */
  allowUnknownFields: boolean;
  /** From parseJsonText: integer literals too big for a JS number, to keep int64 values exact. */
  exactIntegers?: ExactIntegers;
}

/** Throws RequestJsonError naming the path of the first problem; returns JSON ready for protobuf-es. */
export function normalizeRequestJson(desc: DescMessage, json: JsonValue, options: NormalizeOptions): JsonValue {
  return new RequestWalker(options).message(desc, json, '', 0, undefined);
}

/** Where a value sits in the parsed JSON, to look up its exact integer literal. */
interface Slot {
  container: object;
  key: string | number;
}

type ValueType =
  { kind: 'scalar'; scalar: ScalarType } | { kind: 'enum'; desc: DescEnum } | { kind: 'message'; desc: DescMessage };

/** Returned for a value to leave out (an unknown enum name when unknowns are allowed). */
const omit = Symbol('omit');
type Checked = JsonValue | typeof omit;

/** protobuf-es's default recursion limit; deeper input would fail there with a vaguer message. */
const maxMessageDepth = 100;

class RequestWalker {
  constructor(private readonly options: NormalizeOptions) {}

  message(desc: DescMessage, json: JsonValue, path: string, depth: number, slot: Slot | undefined): JsonValue {
    if (depth > maxMessageDepth) fail(path, `messages nested deeper than ${maxMessageDepth} levels`);
    switch (specialJsonKind(desc)) {
      case 'any':
        return this.any(json, path, depth);
      case 'timestamp':
        return checkTimestamp(json, path);
      case 'duration':
        return checkDuration(json, path);
      case 'fieldMask':
        return checkFieldMask(json, path);
      case 'struct':
        return expectObject(json, path, 'a JSON object (google.protobuf.Struct)');
      case 'listValue':
        if (!Array.isArray(json)) fail(path, `expected an array (google.protobuf.ListValue), got ${jsonKind(json)}`);
        return json;
      case 'value':
        return json;
      case 'wrapper': {
        const wrapped = desc.fields[0];
        if (json === null || wrapped?.scalar === undefined) return json;
        return this.scalar(wrapped.scalar, json, path, slot);
      }
      case undefined:
        return this.fields(desc, expectObject(json, path, `a JSON object (${desc.typeName})`), path, depth, undefined);
    }
  }

  /** The members of a plain message; `skipKey` is the `@type` of an Any holding it. */
  private fields(
    desc: DescMessage,
    object: JsonObject,
    path: string,
    depth: number,
    skipKey: string | undefined,
  ): JsonObject {
    const normalized: JsonObject = {};
    const keyOfField = new Map<DescField | DescExtension, string>();
    const keyOfOneof = new Map<DescOneof, string>();
    for (const key of Object.keys(object)) {
      if (key === skipKey) continue;
      const value = object[key] as JsonValue;
      const keyPath = joinPath(path, key);
      const field = fieldForKey(desc, key) ?? this.extensionForKey(desc, key);
      if (field === undefined) {
        if (this.options.allowUnknownFields) continue;
        fail(keyPath, unknownFieldProblem(desc, key));
      }
      const earlierKey = keyOfField.get(field);
      if (earlierKey !== undefined)
        fail(keyPath, `field "${field.name}" is set twice (as "${earlierKey}" and "${key}")`);
      keyOfField.set(field, key);
      // null means "not set" (except where null is itself a value), so it neither needs checking
      // nor counts as the member of a oneof.
      if (value === null && !nullIsAValue(field)) {
        setOwnProperty(normalized, key, null);
        continue;
      }
      const oneof = field.kind === 'field' ? field.oneof : undefined;
      if (oneof !== undefined) {
        const otherKey = keyOfOneof.get(oneof);
        if (otherKey !== undefined) {
          fail(keyPath, `only one member of oneof "${oneof.name}" may be set, but "${otherKey}" is set too`);
        }
        keyOfOneof.set(oneof, key);
      }
      const checked = this.field(field, value, keyPath, { container: object, key }, depth);
      if (checked !== omit) setOwnProperty(normalized, key, checked);
    }
    return normalized;
  }

  private extensionForKey(desc: DescMessage, key: string): DescExtension | undefined {
    if (!key.startsWith('[') || !key.endsWith(']')) return undefined;
    const extension = this.options.registry.getExtension(key.slice(1, -1));
    return extension?.extendee.typeName === desc.typeName ? extension : undefined;
  }

  private field(field: DescField | DescExtension, value: JsonValue, path: string, slot: Slot, depth: number): Checked {
    const type = valueTypeOf(field);
    if (field.fieldKind === 'list') {
      if (!Array.isArray(value)) fail(path, `expected an array, got ${jsonKind(value)}`);
      const items: JsonValue[] = [];
      value.forEach((item, index) => {
        const itemPath = `${path}[${index}]`;
        if (item === null && !typeAcceptsNull(type)) fail(itemPath, 'null is not allowed in a list');
        const checked = this.value(type, item, itemPath, { container: value, key: index }, depth);
        if (checked !== omit) items.push(checked);
      });
      return items;
    }
    if (field.fieldKind === 'map') {
      const entries = expectObject(value, path, 'a JSON object (map)');
      const normalized: JsonObject = {};
      for (const key of Object.keys(entries)) {
        const entryPath = `${path}[${JSON.stringify(key)}]`;
        checkMapKey(field.mapKey, key, entryPath);
        const entry = entries[key] as JsonValue;
        if (entry === null && !typeAcceptsNull(type)) fail(entryPath, 'null is not allowed as a map value');
        const checked = this.value(type, entry, entryPath, { container: entries, key }, depth);
        if (checked !== omit) setOwnProperty(normalized, key, checked);
      }
      return normalized;
    }
    return this.value(type, value, path, slot, depth);
  }

  private value(type: ValueType, value: JsonValue, path: string, slot: Slot, depth: number): Checked {
    switch (type.kind) {
      case 'scalar':
        return this.scalar(type.scalar, value, path, slot);
      case 'enum':
        return this.enumValue(type.desc, value, path);
      case 'message':
        return this.message(type.desc, value, path, depth + 1, slot);
    }
  }

  private scalar(scalar: ScalarType, value: JsonValue, path: string, slot: Slot | undefined): JsonValue {
    switch (scalarFamily(scalar)) {
      case 'string':
        if (typeof value !== 'string') fail(path, `expected string, got ${jsonKind(value)}`);
        return value;
      case 'bool':
        if (typeof value !== 'boolean') fail(path, `expected boolean, got ${jsonKind(value)}`);
        return value;
      case 'bytes':
        if (typeof value !== 'string') fail(path, `expected base64 string (bytes), got ${jsonKind(value)}`);
        if (!isBase64(value)) fail(path, `invalid base64 ${preview(value)} (bytes take standard or URL-safe base64)`);
        return value;
      case 'float':
        return checkFloat(scalar, value, path);
      case 'int32':
        return Number(checkInteger(scalar, value, path, undefined));
      case 'int64':
        // As a string: exact for every 64-bit value, which protobuf-es and JS numbers are not.
        return checkInteger(
          scalar,
          value,
          path,
          slot === undefined ? undefined : this.options.exactIntegers?.lookup(slot.container, slot.key),
        ).toString();
    }
  }

  private enumValue(desc: DescEnum, value: JsonValue, path: string): Checked {
    if (value === null && desc.typeName === 'google.protobuf.NullValue') return null;
    if (typeof value === 'string') {
      if (desc.values.some((v) => v.name === value || v.jsonName === value)) return value;
      if (this.options.allowUnknownFields) return omit;
      fail(
        path,
        `unknown enum value ${JSON.stringify(value)} for ${desc.typeName} (expected one of ${listNames(desc.values.map((v) => v.name))})`,
      );
    }
    if (typeof value === 'number' && Number.isInteger(value)) {
      // Open (proto3) enums keep unknown numbers; closed (proto2) enums only know their own.
      const { min, max } = integerRange(ScalarType.INT32);
      if (desc.open ? BigInt(value) >= min && BigInt(value) <= max : desc.value[value] !== undefined) return value;
      fail(
        path,
        `unknown enum number ${value} for ${desc.typeName} (expected one of ${listNames(desc.values.map((v) => `${v.name}=${v.number}`))})`,
      );
    }
    return fail(path, `expected ${desc.typeName} (an enum value name or number), got ${jsonKind(value)}`);
  }

  private any(json: JsonValue, path: string, depth: number): JsonValue {
    const object = expectObject(json, path, 'a JSON object with "@type" (google.protobuf.Any)');
    if (Object.keys(object).length === 0) return object;
    const typePath = joinPath(path, '@type');
    const typeUrl = object['@type'];
    if (typeUrl === undefined) {
      fail(
        typePath,
        'missing: an Any needs the type URL of the message it holds, like "type.googleapis.com/google.rpc.ErrorInfo"',
      );
    }
    if (typeof typeUrl !== 'string') fail(typePath, `expected string, got ${jsonKind(typeUrl)}`);
    const inner = this.options.registry.getMessage(typeNameOfUrl(typeUrl));
    if (inner === undefined) {
      fail(
        typePath,
        `unknown type ${JSON.stringify(typeUrl)}: ${typeNameOfUrl(typeUrl) || '(empty name)'} is not in the loaded schema`,
      );
    }
    if (specialJsonKind(inner) === undefined) {
      return { '@type': typeUrl, ...this.fields(inner, object, path, depth + 1, '@type') };
    }
    // Types with a special JSON form sit under "value" inside an Any.
    for (const key of Object.keys(object)) {
      if (key !== '@type' && key !== 'value')
        fail(joinPath(path, key), `unknown field (an Any holding ${inner.typeName} has only "@type" and "value")`);
    }
    const valuePath = joinPath(path, 'value');
    if (!('value' in object))
      fail(valuePath, `missing: an Any holding ${inner.typeName} takes its JSON form in "value"`);
    return {
      '@type': typeUrl,
      value: this.message(inner, object['value'] as JsonValue, valuePath, depth + 1, {
        container: object,
        key: 'value',
      }),
    };
  }
}

function fail(path: string, problem: string): never {
  throw new RequestJsonError(path === '' ? rootPath : path, problem);
}

function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function jsonKind(value: JsonValue | undefined): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function preview(value: JsonValue): string {
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function listNames(names: string[]): string {
  const shown = 20;
  return names.length > shown ? `${names.slice(0, shown).join(', ')}, …` : names.join(', ');
}

function expectObject(value: JsonValue, path: string, what: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(path, `expected ${what}, got ${jsonKind(value)}`);
  return value;
}

const fieldsByKeyCache = new WeakMap<DescMessage, Map<string, DescField>>();

/** proto3 JSON parsers accept both the JSON name and the proto name of a field. */
function fieldForKey(desc: DescMessage, key: string): DescField | undefined {
  let byKey = fieldsByKeyCache.get(desc);
  if (byKey === undefined) {
    byKey = new Map();
    for (const field of desc.fields) byKey.set(field.name, field).set(field.jsonName, field);
    fieldsByKeyCache.set(desc, byKey);
  }
  return byKey.get(key);
}

function unknownFieldProblem(desc: DescMessage, key: string): string {
  const suggestion = closestName(
    key,
    desc.fields.flatMap((f) => [f.jsonName, f.name]),
  );
  if (suggestion !== undefined) return `unknown field (did you mean "${suggestion}"?)`;
  if (desc.fields.length === 0) return `unknown field: ${desc.typeName} has no fields`;
  return `unknown field: ${desc.typeName} has ${listNames(desc.fields.map((f) => f.jsonName))}`;
}

function valueTypeOf(field: DescField | DescExtension): ValueType {
  if (field.message !== undefined) return { kind: 'message', desc: field.message };
  if (field.enum !== undefined) return { kind: 'enum', desc: field.enum };
  return { kind: 'scalar', scalar: field.scalar as ScalarType };
}

/** google.protobuf.Value and NullValue hold JSON null as a real value. */
function typeAcceptsNull(type: ValueType): boolean {
  return (
    (type.kind === 'message' && type.desc.typeName === 'google.protobuf.Value') ||
    (type.kind === 'enum' && type.desc.typeName === 'google.protobuf.NullValue')
  );
}

function nullIsAValue(field: DescField | DescExtension): boolean {
  return field.fieldKind !== 'list' && field.fieldKind !== 'map' && typeAcceptsNull(valueTypeOf(field));
}

function checkMapKey(keyType: ScalarType, key: string, path: string): void {
  const pattern = mapKeyPattern(keyType);
  const name = scalarTypeName[keyType];
  if (pattern !== undefined && !pattern.test(key)) fail(path, `invalid map key: expected ${name}`);
  if (scalarFamily(keyType) === 'int32' || scalarFamily(keyType) === 'int64') {
    const { min, max } = integerRange(keyType);
    const number = BigInt(key);
    if (number < min || number > max) fail(path, `map key ${key} is out of range for ${name} (${min} to ${max})`);
  }
}

const integerText = /^-?[0-9]+$/;

/** An integer of the given type from a JSON number or numeric string, range-checked. */
function checkInteger(scalar: ScalarType, value: JsonValue, path: string, exactLiteral: string | undefined): bigint {
  const name = scalarTypeName[scalar];
  let integer: bigint;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) fail(path, `expected an integer (${name}), got ${value}`);
    if (Number.isSafeInteger(value)) integer = BigInt(value);
    else if (exactLiteral !== undefined) integer = BigInt(exactLiteral);
    else fail(path, `${value} is beyond the exact range of JSON numbers; write this ${name} as a string`);
  } else if (typeof value === 'string') {
    if (!integerText.test(value)) fail(path, `invalid ${name} ${preview(value)}: expected an integer`);
    integer = BigInt(value);
  } else {
    return fail(path, `expected ${name} (a number or a numeric string), got ${jsonKind(value)}`);
  }
  const { min, max } = integerRange(scalar);
  if (integer < min || integer > max) fail(path, `${integer} is out of range for ${name} (${min} to ${max})`);
  return integer;
}

const floatWords = new Set(['NaN', 'Infinity', '-Infinity']);

function checkFloat(scalar: ScalarType, value: JsonValue, path: string): JsonValue {
  const name = scalarTypeName[scalar];
  let number: number;
  if (typeof value === 'number') {
    number = value;
  } else if (typeof value === 'string') {
    if (floatWords.has(value)) return value;
    number = value.trim() === value && value !== '' ? Number(value) : Number.NaN;
    if (!Number.isFinite(number))
      fail(path, `invalid ${name} ${preview(value)}: expected a number, "NaN", "Infinity" or "-Infinity"`);
  } else {
    return fail(path, `expected ${name} (a number), got ${jsonKind(value)}`);
  }
  // A float32 too large to round to a finite value would silently become Infinity on the wire.
  if (scalar === ScalarType.FLOAT && !Number.isFinite(Math.fround(number)))
    fail(path, `${value} is out of range for float`);
  return value;
}

function checkTimestamp(json: JsonValue, path: string): JsonValue {
  const example = 'an RFC 3339 timestamp like "2024-01-01T00:00:00Z"';
  if (typeof json !== 'string') fail(path, `expected ${example}, got ${jsonKind(json)}`);
  const match = timestampPattern.exec(json);
  const offset = match?.[8] ?? '';
  const ms =
    match === null
      ? Number.NaN
      : Date.parse(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${offset}`);
  if (Number.isNaN(ms)) fail(path, `invalid Timestamp ${preview(json)}: expected ${example}`);
  if (match?.[1] === '0000') fail(path, `Timestamp ${preview(json)} is out of range (0001-01-01 to 9999-12-31)`);
  return json;
}

function checkDuration(json: JsonValue, path: string): JsonValue {
  const example = 'seconds with an "s" suffix, like "1.5s" or "300s"';
  if (typeof json !== 'string') fail(path, `expected a Duration string: ${example}, got ${jsonKind(json)}`);
  if (!durationPattern.test(json)) fail(path, `invalid Duration ${preview(json)}: expected ${example}`);
  if (Math.abs(parseFloat(json)) > durationMaxSeconds)
    fail(path, `Duration ${preview(json)} is out of range (±${durationMaxSeconds}s)`);
  return json;
}

function checkFieldMask(json: JsonValue, path: string): JsonValue {
  const example = 'comma-separated lowerCamelCase paths, like "displayName,address.city"';
  if (typeof json !== 'string') fail(path, `expected a FieldMask string: ${example}, got ${jsonKind(json)}`);
  if (json.split(',').some((p) => p.includes('_')))
    fail(path, `invalid FieldMask ${preview(json)}: expected ${example}`);
  return json;
}
