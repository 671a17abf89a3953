/**
 * Reading what the user handed in by its own properties only. A polluted `Object.prototype` (a
 * vulnerable dependency ran `obj.__proto__.x = …`) must never become an option, a header or a query
 * parameter: everything restfit reads from a user's object is copied onto a null prototype first, or
 * read through `Object.keys` / `Map#entries`, never through `for…in` or a bare property read.
 */

/** A null-prototype copy of `value`'s own enumerable properties: a missing key reads as undefined. */
export function ownCopy<T extends object>(value: T): T {
  const copy = Object.create(null) as T;
  for (const key of Object.keys(value))
    (copy as Record<string, unknown>)[key] = (value as Record<string, unknown>)[key];
  return copy;
}

/**
 * A plain-object copy of a record's own enumerable properties, for a copy that gets more of them (a
 * request's headers and query). Not `{ ...record }`: on V8 11 (Node 20) adding a property to an object
 * made by spreading a non-empty one takes a slow path, about 1 µs each time — more than restfit's whole
 * own work per call (bench/RESULTS.md). A `__proto__` key stays an own property, as it would in a spread.
 */
export function copyRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const copy: Record<string, T> = {};
  for (const name of Object.keys(record)) {
    if (name === '__proto__')
      Object.defineProperty(copy, name, {
        value: record[name],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[name] = record[name];
  }
  return copy;
}

/**
 * `ownCopy` for an optional object. Anything that is not a non-array object is returned as is, and so
 * is an object without a prototype: it is safe already, and keeps its identity (a derived client's
 * `rateLimit` must stay the object its limiter is keyed by).
 */
export function ownCopyOf<T>(value: T): T {
  return typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Map) &&
    Object.getPrototypeOf(value) !== null
    ? (ownCopy(value as T & object) as T)
    : value;
}

/** A plain object (own enumerable properties) or a `Map`, as name → value pairs. */
export function ownEntries(value: object): Array<[string, unknown]> {
  if (value instanceof Map) return [...value].map(([name, item]) => [String(name), item]);
  return Object.keys(value).map((name) => [name, (value as Record<string, unknown>)[name]]);
}

/** An own property of `value` (undefined for a non-object), never one inherited from its prototype. */
export function ownValue(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, name)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

/**
 * `value[name]` as the object itself or its own class declares it (an own property or a class method),
 * never one inherited from Object.prototype.
 */
export function declaredValue(value: object, name: string): unknown {
  for (let o: object | null = value; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o))
    if (Object.hasOwn(o, name)) return (o as Record<string, unknown>)[name];
  return undefined;
}
