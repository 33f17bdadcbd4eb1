/**
 * A JSON Schema (draft-07, the dialect Monaco's JSON language service knows best) of a message's
 * proto3 JSON, for completion and squiggles in the request editor. Each message type is one entry
 * in `definitions` so recursive types are finite. Proto field names are accepted too (proto3 JSON
 * allows both) but hidden from completion with VS Code's `doNotSuggest`.
 */
import type { DescEnum, DescField, DescMessage, JsonObject, JsonValue, ScalarType } from '@bufbuild/protobuf';
import { integerPattern, integerRange, mapKeyPattern, scalarFamily, scalarTypeName } from './scalars';
import { durationPattern, specialJsonKind } from './wkt';
import { fieldComment, messageComment } from './comments';

export interface JsonSchemaOptions {
  /** Also accept proto field names (`user_id` next to `userId`). Default true, as proto3 JSON does. */
  acceptProtoNames?: boolean;
}

export function jsonSchemaForMessage(desc: DescMessage, opts: JsonSchemaOptions = {}): JsonObject {
  const builder = new SchemaBuilder(opts.acceptProtoNames ?? true);
  const root = builder.messageSchema(desc);
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...root, definitions: builder.definitions };
}

class SchemaBuilder {
  readonly definitions: JsonObject = {};

  constructor(private readonly acceptProtoNames: boolean) {}

  /** A reference to the message's definition, or the special JSON form of a well-known type. */
  messageSchema(desc: DescMessage): JsonObject {
    const special = specialMessageSchema(desc);
    if (special !== undefined) return special;
    if (!(desc.typeName in this.definitions)) {
      this.definitions[desc.typeName] = {}; // placeholder first: recursive fields reference it
      this.definitions[desc.typeName] = this.objectSchema(desc);
    }
    return { $ref: `#/definitions/${desc.typeName}` };
  }

  private objectSchema(desc: DescMessage): JsonObject {
    const properties: JsonObject = {};
    for (const field of desc.fields) {
      const schema = { ...this.fieldSchema(field), description: describeField(field) };
      properties[field.jsonName] = schema;
      if (this.acceptProtoNames && field.name !== field.jsonName) {
        properties[field.name] = { ...schema, doNotSuggest: true };
      }
    }
    const comment = messageComment(desc);
    return {
      type: 'object',
      title: desc.typeName,
      ...(comment === undefined ? {} : { description: comment }),
      properties,
      additionalProperties: false,
    };
  }

  private fieldSchema(field: DescField): JsonObject {
    const single = (): JsonObject => {
      if (field.message !== undefined) return this.messageSchema(field.message);
      if (field.enum !== undefined) return enumSchema(field.enum);
      return scalarSchema(field.scalar as ScalarType);
    };
    if (field.fieldKind === 'list') return { type: 'array', items: single() };
    if (field.fieldKind === 'map') {
      const keyPattern = mapKeyPattern(field.mapKey);
      return {
        type: 'object',
        ...(keyPattern === undefined ? {} : { propertyNames: { pattern: keyPattern.source } }),
        additionalProperties: single(),
      };
    }
    return single();
  }
}

function describeField(field: DescField): string {
  const lines: string[] = [];
  const comment = fieldComment(field);
  if (comment !== undefined) lines.push(comment);
  lines.push(`${protoTypeOf(field)} ${field.name} = ${field.number}`);
  const family = field.scalar === undefined ? undefined : scalarFamily(field.scalar);
  if (family === 'int64') lines.push('64-bit integer: write it as a string to keep every digit.');
  if (family === 'bytes') lines.push('bytes: base64 (standard or URL-safe).');
  if (field.oneof !== undefined) {
    lines.push(
      `Part of oneof "${field.oneof.name}": set only one of ${field.oneof.fields.map((f) => f.jsonName).join(', ')}.`,
    );
  }
  return lines.join('\n');
}

function protoTypeOf(field: DescField): string {
  const single = field.message?.typeName ?? field.enum?.typeName ?? scalarTypeName[field.scalar as ScalarType];
  if (field.fieldKind === 'list') return `repeated ${single}`;
  if (field.fieldKind === 'map') return `map<${scalarTypeName[field.mapKey]}, ${single}>`;
  return single;
}

function enumSchema(desc: DescEnum): JsonObject {
  if (desc.typeName === 'google.protobuf.NullValue') return { type: 'null' };
  return { anyOf: [{ enum: desc.values.map((v) => v.name) }, { type: 'integer' }], title: desc.typeName };
}

function scalarSchema(scalar: ScalarType): JsonObject {
  switch (scalarFamily(scalar)) {
    case 'string':
      return { type: 'string' };
    case 'bool':
      return { type: 'boolean' };
    case 'bytes':
      return { type: 'string', pattern: '^[A-Za-z0-9+/_\\-\\s]*=*$' };
    case 'float':
      return { type: ['number', 'string'], pattern: '^(-?[0-9][0-9.eE+-]*|NaN|-?Infinity)$' };
    case 'int32': {
      const { min, max } = integerRange(scalar);
      return {
        type: ['integer', 'string'],
        pattern: integerPattern(scalar).source,
        minimum: Number(min),
        maximum: Number(max),
      };
    }
    case 'int64':
      // A string first: JSON numbers lose digits beyond 2^53, so completion should offer "…".
      return { type: ['string', 'integer'], pattern: integerPattern(scalar).source };
  }
}

function specialMessageSchema(desc: DescMessage): JsonObject | undefined {
  const kind = specialJsonKind(desc);
  switch (kind) {
    case 'any':
      return {
        type: 'object',
        title: desc.typeName,
        description:
          'Any: "@type" names the message (e.g. "type.googleapis.com/google.rpc.ErrorInfo"); its fields sit next to it.',
        properties: { '@type': { type: 'string', pattern: '^.*/[A-Za-z_][A-Za-z0-9_.]*$' } },
      };
    case 'timestamp':
      return {
        type: 'string',
        format: 'date-time',
        title: desc.typeName,
        description: 'RFC 3339, e.g. "2024-01-01T00:00:00Z".',
      };
    case 'duration':
      return {
        type: 'string',
        pattern: durationPattern.source,
        title: desc.typeName,
        description: 'Seconds with an "s" suffix, e.g. "1.5s".',
      };
    case 'fieldMask':
      return {
        type: 'string',
        title: desc.typeName,
        description: 'Comma-separated lowerCamelCase paths, e.g. "displayName,address.city".',
      };
    case 'struct':
      return { type: 'object', title: desc.typeName };
    case 'listValue':
      return { type: 'array', title: desc.typeName };
    case 'value':
      return { title: desc.typeName };
    case 'wrapper': {
      const wrapped = desc.fields[0];
      const inner: JsonValue = wrapped?.scalar === undefined ? {} : scalarSchema(wrapped.scalar);
      return { anyOf: [inner, { type: 'null' }], title: desc.typeName };
    }
    case undefined:
      return undefined;
  }
}
