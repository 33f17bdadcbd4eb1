import { create, equals, isFieldSet } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { UserSchema } from '../gen/user/v1/user_pb';
import { makeUser, parseUserId, readMaskViolations, userExists } from './directory';

describe('makeUser', () => {
  it('fills every field of User across a few users (oneof members and optionals take turns)', () => {
    const users = Array.from({ length: 12 }, (_, i) => makeUser(i + 1));
    const unset = UserSchema.fields
      .filter((field) => !users.some((user) => isFieldSet(user, field)))
      .map((field) => field.name);
    expect(unset).toEqual([]);
  });

  it('builds only the fields asked for', () => {
    expect(
      equals(UserSchema, makeUser(2, ['id', 'name']), create(UserSchema, { id: 'u2', name: 'Grace Hopper' })),
    ).toBe(true);
    expect(makeUser(2, ['email']).contact.case).toBeUndefined(); // u2 has a phone number
    expect(makeUser(2, ['phone']).contact.case).toBe('phone');
  });

  it('is deterministic, so every backend answers the same', () => {
    expect(equals(UserSchema, makeUser(77), makeUser(77))).toBe(true);
  });
});

describe('parseUserId', () => {
  it.each([
    ['u1', 1],
    ['u1000000', 1_000_000],
    ['u1000001', 1_000_001],
  ])('accepts %s', (id, number) => {
    expect(parseUserId(id, 'id')).toEqual({ ok: true, number });
  });

  it.each(['', 'u0', 'u01', 'U1', 'bob', 'u1 ', 'u12345678901234567'])('rejects %j naming the field', (id) => {
    const check = parseUserId(id, 'users[3].id');
    expect(check.ok).toBe(false);
    expect(!check.ok && check.violation.field).toBe('users[3].id');
  });

  it('knows which ids exist', () => {
    expect([0, 1, 1_000_000, 1_000_001].map(userExists)).toEqual([false, true, true, false]);
  });
});

describe('readMaskViolations', () => {
  it('names each path that is not a top-level field', () => {
    expect(readMaskViolations(['id', 'profile.bio', 'createdAt', 'created_at'], 'read_mask')).toEqual([
      { field: 'read_mask.paths[1]', description: '"profile.bio" is not a top-level field of user.v1.User' },
      { field: 'read_mask.paths[2]', description: '"createdAt" is not a top-level field of user.v1.User' },
    ]);
  });
});
