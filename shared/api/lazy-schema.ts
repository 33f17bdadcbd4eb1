/**
 * A zod schema built the first time it is used — parsed, composed into another schema, inspected —
 * instead of when its module is imported. Building zod's schemas is what importing the contract
 * cost (the operation table is a few hundred of them, as long to build as grpc-js takes to load),
 * and a process uses a few: a CLI call validates loadSchema, describeMethod and startCall. The
 * stand-in forwards every read to the schema, so it is used exactly as the schema would be (its
 * methods, `shape`, `instanceof`, nesting in other schemas); only the moment of building moves.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = (): T => (built ??= build());
  return new Proxy(Object.create(null) as T, {
    get: (_target, key) => Reflect.get(schema(), key),
    set: (_target, key, value) => Reflect.set(schema(), key, value),
    has: (_target, key) => Reflect.has(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
