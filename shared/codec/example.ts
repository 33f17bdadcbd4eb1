/**
 * Example JSON for any message, in two styles. `full` is the template: every field with a value of
 * its type, so the user edits values instead of looking up field names (a oneof shows its first
 * member only, so it always encodes). `minimal` is what a first call should send: only the fields
 * the schema requires (proto2 `required`, `(google.api.field_behavior) = REQUIRED`) — or, where
 * nothing is marked, the message's own id or name — with sensible values (a proto comment's
 * `e.g. "…"` where there is one), oneofs and optional blocks left unset. Recursive types stop at
 * `maxDepth`.
 */
import type { DescEnum, DescField, DescMessage, JsonObject, JsonValue, Registry, ScalarType } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { fieldComment } from './comments';
import { setOwnProperty } from './json-text';
import { scalarFamily } from './scalars';
import { specialJsonKind, typeUrlOf } from './wkt';

export interface ExampleOptions {
  /** Message nesting levels to fill; deeper message fields are left out. Default 4. */
  maxDepth?: number;
  /** Lets an Any field hold a real message of the schema; without it, Any fields are left out. */
  registry?: Registry;
  /** `full` (default): every field. `minimal`: the required fields only, with sensible values. */
  style?: 'full' | 'minimal';
}

export function exampleJson(desc: DescMessage, opts: ExampleOptions = {}): JsonValue {
  const example = new ExampleBuilder(opts.maxDepth ?? 4, opts.registry, opts.style ?? 'full');
  return example.message(desc, 1) ?? {};
}

/** google.api.field_behavior, the extension (number 1052 of FieldOptions) and its REQUIRED value. */
const fieldBehaviorNumber = 1052;
const fieldBehaviorRequired = 2;
/** FieldDescriptorProto.Label.LABEL_REQUIRED. */
const labelRequired = 2;

/** Whether the schema says the field must be set: proto2 `required`, or field_behavior REQUIRED. */
export function isRequiredField(field: DescField): boolean {
  if (field.proto.label === labelRequired) return true;
  // Descriptors are decoded without googleapis' extensions, so field_behavior stays an unknown field.
  for (const unknown of field.proto.options?.$unknown ?? []) {
    if (unknown.no !== fieldBehaviorNumber) continue;
    const reader = new BinaryReader(unknown.data);
    if (unknown.wireType === WireType.Varint) {
      if (reader.int32() === fieldBehaviorRequired) return true;
    } else if (unknown.wireType === WireType.LengthDelimited) {
      const packed = new BinaryReader(reader.bytes());
      while (packed.pos < packed.len) if (packed.int32() === fieldBehaviorRequired) return true;
    }
  }
  return false;
}

/** Where a message marks nothing as required, these name what a call most likely needs. */
function isIdentityField(field: DescField): boolean {
  return (
    field.fieldKind === 'scalar' &&
    field.oneof === undefined &&
    (field.name === 'id' || field.name === 'name' || field.name.endsWith('_id'))
  );
}

/** Returned when a value cannot be shown within the depth limit: its field is left out. */
type Filled = JsonValue | undefined;

class ExampleBuilder {
  constructor(
    private readonly maxDepth: number,
    private readonly registry: Registry | undefined,
    private readonly style: 'full' | 'minimal',
  ) {}

  message(desc: DescMessage, depth: number): Filled {
    if (depth > this.maxDepth) return undefined;
    switch (specialJsonKind(desc)) {
      case 'any':
        return this.any(desc, depth);
      case 'timestamp':
        return '2024-01-01T00:00:00Z';
      case 'duration':
        return '1s';
      case 'fieldMask':
        return 'fieldName';
      case 'struct':
        return {};
      case 'listValue':
        return [];
      case 'value':
        return 'value';
      case 'wrapper': {
        const wrapped = desc.fields[0];
        return wrapped?.scalar === undefined ? null : scalarExample(wrapped.scalar);
      }
      case undefined:
        return this.fields(desc, depth);
    }
  }

  private fields(desc: DescMessage, depth: number): JsonObject {
    if (this.style === 'minimal') return this.minimalFields(desc, depth);
    const object: JsonObject = {};
    for (const member of desc.members) {
      // A oneof shows its first member that fits within the depth limit.
      const candidates = member.kind === 'oneof' ? member.fields : [member];
      for (const field of candidates) {
        const value = this.field(field, depth);
        if (value !== undefined) {
          setOwnProperty(object, field.jsonName, value);
          break;
        }
      }
    }
    return object;
  }

  /** The required fields; at the top level, with none marked, the message's id or name fields. */
  private minimalFields(desc: DescMessage, depth: number): JsonObject {
    const required = desc.fields.filter(isRequiredField);
    const chosen = required.length > 0 || depth > 1 ? required : desc.fields.filter(isIdentityField);
    const object: JsonObject = {};
    for (const field of chosen) {
      const value = this.field(field, depth);
      if (value !== undefined) setOwnProperty(object, field.jsonName, value);
    }
    return object;
  }

  private field(field: DescField, depth: number): Filled {
    const single = (): Filled => {
      if (field.message !== undefined) return this.message(field.message, depth + 1);
      if (field.enum !== undefined) return enumExample(field.enum);
      if (this.style === 'minimal') return sensibleScalar(field, field.scalar as ScalarType);
      return scalarExample(field.scalar as ScalarType);
    };
    if (field.fieldKind === 'list') {
      const item = single();
      return item === undefined ? undefined : [item];
    }
    if (field.fieldKind === 'map') {
      const value = single();
      if (value === undefined) return undefined;
      const entry: JsonObject = {};
      setOwnProperty(entry, mapKeyExample(field.mapKey), value);
      return entry;
    }
    return single();
  }

  /** An Any holding a message of the user's schema (not a google.* one), so "@type" is a real name. */
  private any(anyDesc: DescMessage, depth: number): Filled {
    if (this.registry === undefined) return undefined;
    for (const type of this.registry) {
      if (
        type.kind !== 'message' ||
        type.typeName.startsWith('google.') ||
        type.proto.options?.mapEntry === true ||
        type === anyDesc
      )
        continue;
      const inner = this.message(type, depth + 1);
      if (inner === undefined) return undefined;
      const held = specialJsonKind(type) === undefined ? (inner as JsonObject) : { value: inner };
      return { '@type': typeUrlOf(type), ...held };
    }
    return undefined;
  }
}

function enumExample(desc: DescEnum): JsonValue {
  if (desc.typeName === 'google.protobuf.NullValue') return null;
  // The first non-zero value: zero is the "unspecified" default, which says little.
  const value = desc.values.find((v) => v.number !== 0) ?? desc.values[0];
  return value === undefined ? 0 : value.name;
}

function scalarExample(scalar: ScalarType): JsonValue {
  switch (scalarFamily(scalar)) {
    case 'string':
      return 'string';
    case 'bool':
      return true;
    case 'bytes':
      return 'Ynl0ZXM='; // "bytes"
    case 'float':
      return 1.5;
    case 'int32':
      return 1;
    case 'int64':
      return '1';
  }
}

function mapKeyExample(scalar: ScalarType): string {
  switch (scalarFamily(scalar)) {
    case 'bool':
      return 'true';
    case 'int32':
    case 'int64':
      return '1';
    default:
      return 'key';
  }
}

/**
 * A value that looks like real input rather than a type name: the comment's own example
 * (`e.g. "u42"`), or one shaped by the field's name (an email, a URL, `example-<name>`).
 */
function sensibleScalar(field: DescField, scalar: ScalarType): JsonValue {
  if (scalarFamily(scalar) !== 'string') return scalarExample(scalar);
  const fromComment = /e\.g\.,?\s*"([^"]+)"/.exec(fieldComment(field) ?? '')?.[1];
  if (fromComment !== undefined) return fromComment;
  if (/email/.test(field.name)) return 'user@example.com';
  if (/(^|_)(url|uri)$/.test(field.name)) return 'https://example.com';
  return `example-${field.name.replace(/_/g, '-')}`;
}
