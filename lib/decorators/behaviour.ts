import type { ApiResponse, ClassRef, ResponseType as ResponseTypeName } from '../core/exchange';
import type { RateLimitOptions } from '../core/options';
import type { RetryOverride } from '../core/retry-policy';
import {
  noteConflict,
  recordClass,
  recordMethod,
  recordMisplaced,
  type BehaviourMetadata,
  type MultipartEncoding,
} from './metadata';

/**
 * A decorator for a method, or for every method of a class.
 * @inline
 */
type ClassOrMethodDecorator = ClassDecorator & MethodDecorator;

/** A decorator that sets one behaviour on a method, or on every method when put on the class. */
function behaviour(change: (meta: BehaviourMetadata) => void): ClassOrMethodDecorator {
  return ((target: object, key?: string | symbol) => {
    if (key === undefined) recordClass(target as Function, change);
    else if (typeof target === 'function') recordMisplaced(target, `static method "${String(key)}"`);
    else recordMethod(target, key, change);
  }) as ClassOrMethodDecorator;
}

/** A path prefix for every method of the class. */
export const BasePath =
  (prefix: string): ClassDecorator =>
  (target) =>
    recordClass(target, (meta) => (meta.basePath = prefix));

/** Static headers; class and method headers merge, the method's win. */
export const Headers = (headers: Record<string, string>) =>
  behaviour((meta) => (meta.headers = { ...meta.headers, ...headers }));
/** `@FormUrlEncoded()`, or `@Multipart()` with its encoder (request/multipart.ts, which declares it). */
export function encoding(kind: 'form' | 'multipart', multipart?: MultipartEncoding): ClassOrMethodDecorator {
  return behaviour((meta) => {
    if (meta.encoding && meta.encoding !== kind) noteConflict(meta, '@FormUrlEncoded() and @Multipart()');
    meta.encoding = kind;
    if (multipart) meta.multipart = multipart;
  });
}
/**
 * The body is `application/x-www-form-urlencoded`, made of the `@Field` / `@FieldMap` parameters (or an
 * object passed with `@Body`). On a class: every method that has a body.
 */
export const FormUrlEncoded = () => encoding('form');
/**
 * Maps the decoded body to instances of `type` with class-transformer's `plainToInstance`; `[type]` for
 * an array.
 */
export const Returns = (type: ClassRef | [ClassRef]) =>
  behaviour(
    (meta) => (meta.returns = Array.isArray(type) ? { type: type[0], array: true } : { type, array: false }),
  );
/**
 * How the body is decoded: 'auto' (default), 'json', 'text', 'bytes' or 'stream'.
 * @useDeclaredType
 */
export type ResponseType = ResponseTypeName;
/**
 * How the body is decoded; default `'auto'`: JSON for `application/json` and `+json` types, a Buffer for
 * binary types, a string for `text/*`, `undefined` for an empty body. `'bytes'` is a Buffer on Node and a
 * Uint8Array elsewhere; `'stream'` a Node Readable on Node and a web ReadableStream elsewhere.
 */
export const ResponseType = (type: ResponseTypeName) => behaviour((meta) => (meta.responseType = type));
/** On a class, or on a method declared to return `Promise<ApiResponse<T>>` (any other type is a compile error). */
export interface FullResponseDecorator {
  (target: Function): void;
  /** @typeParam T - The method's type: its result must be a `Promise<ApiResponse<…>>`. */
  <T extends (...args: any[]) => Promise<ApiResponse<any>>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void;
}
/**
 * The method (on a class: every method) resolves to an `ApiResponse<T>` for every outcome instead of the
 * body, and does not throw for HTTP errors.
 */
export const FullResponse = (): FullResponseDecorator =>
  behaviour((meta) => (meta.fullResponse = true)) as FullResponseDecorator;
/** The per-attempt timeout in ms (0 disables it), over the client's `timeout`. */
export const Timeout = (ms: number) => behaviour((meta) => (meta.timeout = ms));
/** Retry settings merged over the class's or client's policy; `false`: never retried. */
export const Retry = (policy: RetryOverride | false) => behaviour((meta) => (meta.retry = policy));
/**
 * A POST or PATCH that may be retried: every call gets one `Idempotency-Key` header (a random UUID, the
 * same on each attempt) unless it already has one.
 */
export const Idempotent = () => behaviour((meta) => (meta.idempotent = true));
/**
 * Which provider of the client's `auth` option to use: `@Auth('name')` picks one of the map,
 * `@Auth()` the single provider (or the map's `default`).
 */
export const Auth = (name?: string) => behaviour((meta) => (meta.auth = name ?? true));
/** Sends no credentials (a login or a public endpoint). */
export const NoAuth = () => behaviour((meta) => (meta.auth = false));
/**
 * A rate limit of its own: on a method, a window for that method; on a class, one window shared by all
 * its methods (and its subclasses). The client's limit applies as well.
 */
export const RateLimit = (limit: RateLimitOptions) => behaviour((meta) => (meta.rateLimit = limit));
/** `@CircuitBreaker(false)`: calls of this method (or class) bypass the client's circuit breaker. */
export const CircuitBreaker = (enabled: boolean) => behaviour((meta) => (meta.circuitBreaker = enabled));
/** Maps the error body of this method's HTTP errors (`HttpError.data`) to instances of `type`. */
export const ErrorType = (type: ClassRef) => behaviour((meta) => (meta.errorType = type));
