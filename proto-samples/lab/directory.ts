import { create } from '@bufbuild/protobuf';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { anyPack, timestampFromMs } from '@bufbuild/protobuf/wkt';
import type { Any } from '@bufbuild/protobuf/wkt';
import { AddressSchema, MoneySchema } from '../gen/common/v1/common_pb';
import type { Address } from '../gen/common/v1/common_pb';
import { UserSchema, User_Role, User_State } from '../gen/user/v1/user_pb';
import type { User } from '../gen/user/v1/user_pb';
import type { FieldViolation } from './rpc-errors';

/**
 * The lab's user directory: users "u1" … "u1000000", each generated from its number, so every
 * backend answers identically without shared state. The values are chosen to trip tools up:
 * int64 above 2^53, max uint64, negative sint64, non-UTF-8 bytes, present-but-zero optionals.
 */

export const DIRECTORY_SIZE = 1_000_000;

const firstNames = ['Ada', 'Grace', 'Alan', 'Barbara', 'Edsger', 'Margaret', 'Donald', 'Frances', 'Ken', 'Radia'];
const lastNames = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Liskov',
  'Dijkstra',
  'Hamilton',
  'Knuth',
  'Allen',
  'Thompson',
  'Perlman',
];
const teams = ['identity', 'billing', 'search', 'platform'];
const cities = ['London', 'Amsterdam', 'Zürich', 'Tokyo'];
/** A PNG signature: bytes that are not valid UTF-8, so they must travel as base64 in JSON. */
const avatarBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const epochSeconds = 1_700_000_000;
const twoTo53 = 2n ** 53n;
const maxUint64 = 2n ** 64n - 1n;

export type UserIdCheck = { ok: true; number: number } | { ok: false; violation: FieldViolation };

/** Validates a user id's form ("u" and a positive number); whether it exists is a separate question. */
export function parseUserId(id: string, field: string): UserIdCheck {
  const match = /^u([1-9][0-9]{0,15})$/.exec(id);
  if (!match?.[1]) {
    const got = id === '' ? 'it is empty' : `got ${JSON.stringify(id)}`;
    return {
      ok: false,
      violation: { field, description: `must be "u" followed by a number from 1, e.g. "u42"; ${got}` },
    };
  }
  return { ok: true, number: Number(match[1]) };
}

export function userExists(number: number): boolean {
  return number >= 1 && number <= DIRECTORY_SIZE;
}

type UserInit = MessageInitShape<typeof UserSchema>;

interface Person {
  number: number;
  first: string;
  last: string;
  createdAtUnix: number;
}

/**
 * How each field of user N is made, by proto field name, so a read mask builds only what it asks
 * for: a stream of ids-only users costs a fraction of full ones.
 */
const fieldMakers: Record<string, (person: Person) => UserInit> = {
  id: ({ number }) => ({ id: `u${number}` }),
  name: ({ first, last }) => ({ name: `${first} ${last}` }),
  roles: ({ number }) => ({ roles: rolesOf(number) }),
  created_at_unix: ({ createdAtUnix }) => ({ createdAtUnix: BigInt(createdAtUnix) }),
  external_id: ({ number }) => ({ externalId: twoTo53 + BigInt(number) }),
  quota_bytes: ({ number }) => ({ quotaBytes: maxUint64 - BigInt(number - 1) }),
  avatar: () => ({ avatar: avatarBytes }),
  state: ({ number }) => ({ state: number % 5 === 0 ? User_State.SUSPENDED : User_State.ACTIVE }),
  email: ({ number, first, last }) =>
    number % 3 === 1
      ? { contact: { case: 'email', value: `${first}.${last}${number}@example.com`.toLowerCase() } }
      : {},
  phone: ({ number }) =>
    number % 3 === 2
      ? { contact: { case: 'phone', value: `+31 20 555 ${String(number % 10_000).padStart(4, '0')}` } }
      : {},
  postal: ({ number }) => (number % 3 === 0 ? { contact: { case: 'postal', value: addressOf(number) } } : {}),
  labels: ({ number }) => ({
    labels: { team: teams[number % teams.length] ?? 'identity', tier: number % 2 === 0 ? 'gold' : 'silver' },
  }),
  addresses: ({ number }) => ({ addresses: { home: addressOf(number) } }),
  devices: ({ number, first }) => ({
    devices: { [String(BigInt(number) * 1_000_000_000_000n + 1n)]: `${first}'s laptop` },
  }),
  nickname: ({ number, first }) => ({ nickname: number % 2 === 1 ? first.toLowerCase() : undefined }),
  // 0 on every fourth user: present-but-zero must stay distinguishable from absent.
  login_count: ({ number }) => ({ loginCount: number % 4 === 1 ? undefined : number % 4 === 0 ? 0 : number * 7 }),
  profile: ({ number, first, last }) => ({
    profile: {
      bio: `${first} ${last}, user number ${number}.`,
      languages: ['en', 'nl'],
      preferences: { darkMode: number % 2 === 0, pageSize: number % 3 === 0 ? undefined : 25, locale: 'en-GB' },
    },
  }),
  created_at: ({ createdAtUnix }) => ({ createdAt: timestampFromMs(createdAtUnix * 1000) }),
  session_ttl: () => ({ sessionTtl: { seconds: 3600n, nanos: 500_000_000 } }),
  attributes: ({ number }) => ({
    attributes: {
      department: 'Analytical Engines',
      level: number % 10,
      remote: number % 2 === 0,
      skills: ['math', 'poetry'],
      mentor: null,
    },
  }),
  extension_data: ({ number }) => ({ extensionData: extensionOf(number) }),
  manager_id: ({ number }) => ({ managerId: number === 1 ? undefined : 'u1' }),
  email_verified: ({ number }) => ({ emailVerified: number % 2 === 1 }),
  storage_used: ({ number }) => ({ storageUsed: BigInt(number) * 1_000_000_007n }),
  balance: ({ number }) => ({
    balance:
      number % 7 === 0
        ? { currencyCode: 'EUR', units: -12n, nanos: -500_000_000 }
        : { currencyCode: 'EUR', units: BigInt(number * 100), nanos: 250_000_000 },
  }),
  rating: ({ number }) => ({ rating: (number % 5) + 0.25 }),
  karma: ({ number }) => ({ karma: BigInt(number % 2 === 0 ? number : -number) * 1000n }),
  shard: ({ number }) => ({ shard: number % 16 }),
  display_name: ({ first, last }) => ({ displayName: `${first} ${last.charAt(0)}.` }),
};

const allFields = UserSchema.fields.map((field) => field.name);

/**
 * User N with the fields named in `fields` (proto names, as in a FieldMask; every field when
 * empty). Unknown names are ignored: check them with readMaskViolations first.
 */
export function makeUser(number: number, fields: readonly string[] = []): User {
  const index = (number - 1) % firstNames.length;
  const person: Person = {
    number,
    first: firstNames[index] ?? 'Ada',
    last: lastNames[index] ?? 'Lovelace',
    createdAtUnix: epochSeconds + number * 3600,
  };
  const init: UserInit = {};
  for (const field of fields.length > 0 ? fields : allFields) Object.assign(init, fieldMakers[field]?.(person));
  return create(UserSchema, init);
}

function rolesOf(number: number): User_Role[] {
  if (number === 1) return [User_Role.ADMIN, User_Role.EDITOR];
  return number % 3 === 0 ? [User_Role.VIEWER, User_Role.EDITOR] : [User_Role.VIEWER];
}

function addressOf(number: number): Address {
  return create(AddressSchema, {
    street: `${number} Engine Street`,
    city: cities[number % cities.length] ?? 'London',
    countryCode: 'GB',
    postalCode: number % 2 === 0 ? `N${number % 100}` : undefined,
  });
}

/** An Any whose type only a registry that knows common.v1 can decode. */
function extensionOf(number: number): Any {
  if (number % 2 === 0) return anyPack(AddressSchema, addressOf(number));
  return anyPack(MoneySchema, create(MoneySchema, { currencyCode: 'USD', units: BigInt(number), nanos: 990_000_000 }));
}

/** Field-mask paths the lab understands: top-level field names of User. */
export function readMaskViolations(paths: readonly string[], field: string): FieldViolation[] {
  const known = new Set(UserSchema.fields.map((f) => f.name));
  return paths.flatMap((path, i) =>
    known.has(path)
      ? []
      : [
          {
            field: `${field}.paths[${i}]`,
            description: `"${path}" is not a top-level field of ${UserSchema.typeName}`,
          },
        ],
  );
}
