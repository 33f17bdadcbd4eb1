/**
 * A filled JSON template for any message: every field with a plausible value of its type, so the
 * user edits values instead of looking up field names. Recursive types stop at `maxDepth`; a oneof
 * shows its first member only, so the template always encodes.
 */
import type { DescEnum, DescField, DescMessage, JsonObject, JsonValue, Registry, ScalarType } from '@bufbuild/protobuf';
import { setOwnProperty } from './json-text';
import { scalarFamily } from './scalars';
import { specialJsonKind, typeUrlOf } from './wkt';

export interface ExampleOptions {
  /** Message nesting levels to fill; deeper message fields are left out. Default 4. */
  maxDepth?: number;
  /** Lets an Any field hold a real message of the schema; without it, Any fields are left out. */
  registry?: Registry;
}

export function exampleJson(desc: DescMessage, opts: ExampleOptions = {}): JsonValue {
  const example = new ExampleBuilder(opts.maxDepth ?? 4, opts.registry);
  return example.message(desc, 1) ?? {};
}

/** Returned when a value cannot be shown within the depth limit: its field is left out. */
type Filled = JsonValue | undefined;

class ExampleBuilder {
  constructor(
    private readonly maxDepth: number,
    private readonly registry: Registry | undefined,
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

  private field(field: DescField, depth: number): Filled {
    const single = (): Filled => {
      if (field.message !== undefined) return this.message(field.message, depth + 1);
      if (field.enum !== undefined) return enumExample(field.enum);
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
