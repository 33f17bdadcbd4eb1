/** The JSON codec on descriptors: proto3 JSON ⇄ wire bytes, examples, JSON Schema, rich status. */
export { RequestJsonError, ResponseDecodeError } from './errors';
export { encodeRequestJson, type EncodeOptions } from './encode';
export { decodeResponseToJson, type DecodeOptions } from './decode';
export { exampleJson, type ExampleOptions } from './example';
export { jsonSchemaForMessage, type JsonSchemaOptions } from './json-schema';
export { decodeRichStatus, type RichStatus } from './rich-status';
export { JsonSyntaxError, parseJsonText, type ParsedJson, type TextPosition } from './json-text';
