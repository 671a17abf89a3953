/**
 * Pollutes Object.prototype with one key for the length of `run`, as a vulnerable dependency of the
 * application would (enumerable, like `a.__proto__.x = 1`, or not, like Object.defineProperty).
 */
export async function withPollutedPrototype<T>(
  key: string,
  value: unknown,
  enumerable: boolean,
  run: () => Promise<T>,
): Promise<T> {
  if (Object.prototype.hasOwnProperty.call(Object.prototype, key))
    throw new Error(`Object.prototype already has ${key}`);
  Object.defineProperty(Object.prototype, key, { value, enumerable, writable: true, configurable: true });
  try {
    return await run();
  } finally {
    delete (Object.prototype as Record<string, unknown>)[key];
  }
}
