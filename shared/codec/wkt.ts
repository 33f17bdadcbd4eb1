/** The well-known types whose proto3 JSON form is not a plain object of their fields. */
import type { DescMessage } from '@bufbuild/protobuf';
import { isWrapperDesc } from '@bufbuild/protobuf/wkt';

export type SpecialJsonKind =
  'any' | 'timestamp' | 'duration' | 'fieldMask' | 'struct' | 'value' | 'listValue' | 'wrapper';

const specialByTypeName: Record<string, SpecialJsonKind> = {
  'google.protobuf.Any': 'any',
  'google.protobuf.Timestamp': 'timestamp',
  'google.protobuf.Duration': 'duration',
  'google.protobuf.FieldMask': 'fieldMask',
  'google.protobuf.Struct': 'struct',
  'google.protobuf.Value': 'value',
  'google.protobuf.ListValue': 'listValue',
};

export function specialJsonKind(desc: DescMessage): SpecialJsonKind | undefined {
  return specialByTypeName[desc.typeName] ?? (isWrapperDesc(desc) ? 'wrapper' : undefined);
}

/** The message name inside an Any type URL (`type.googleapis.com/pkg.Msg` → `pkg.Msg`). */
export function typeNameOfUrl(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
}

export function typeUrlOf(desc: DescMessage): string {
  return `type.googleapis.com/${desc.typeName}`;
}

export const timestampPattern =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?(Z|[+-][0-9]{2}:[0-9]{2})$/;
export const durationPattern = /^-?[0-9]+(?:\.[0-9]{1,9})?s$/;
/** ±10,000 years, the range google.protobuf.Duration allows. */
export const durationMaxSeconds = 315_576_000_000;
