import { recordMethod, recordMisplaced, type MethodMetadata } from './metadata';

/**
 * A decorator for a method that returns an AsyncIterable (`@Paginate`, `@ServerSentEvents`, `@JsonLines`).
 * Typed on the method itself, so declaring it as `Promise<T[]>` is a compile error rather than an
 * AsyncGenerator hidden behind a Promise type.
 * @typeParam T - The method's type: its result must be an AsyncIterable.
 */
export type AsyncIterableMethodDecorator = <T extends (...args: any[]) => AsyncIterable<unknown>>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<T>,
) => void;

/**
 * The decorators themselves live with their iteration code (client/paginate.ts, client/stream-events.ts)
 * and record it in the method's metadata (`iterate`), so only a program that uses one bundles it.
 */
export function iterableMethod(change: (meta: MethodMetadata) => void): AsyncIterableMethodDecorator {
  return (target, key) => {
    if (typeof target === 'function') recordMisplaced(target, `static method "${String(key)}"`);
    else recordMethod(target, key, change);
  };
}
