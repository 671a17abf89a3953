import type { ApiResponse, ClassRef, ResponseType as ResponseTypeName } from '../core/exchange';
import type { RateLimitOptions } from '../core/options';
import type { RetryOverride } from '../core/retry-policy';
import { noteConflict, recordClass, recordMethod, recordMisplaced, type BehaviourMetadata } from './metadata';

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
function encoding(kind: 'form' | 'multipart') {
  return behaviour((meta) => {
    if (meta.encoding && meta.encoding !== kind) noteConflict(meta, '@FormUrlEncoded() and @Multipart()');
    meta.encoding = kind;
  });
}
export const FormUrlEncoded = () => encoding('form');
export const Multipart = () => encoding('multipart');
export const Returns = (type: ClassRef | [ClassRef]) =>
  behaviour(
    (meta) => (meta.returns = Array.isArray(type) ? { type: type[0], array: true } : { type, array: false }),
  );
/** How the body is decoded: 'auto' (default), 'json', 'text', 'bytes' or 'stream'. */
export type ResponseType = ResponseTypeName;
export const ResponseType = (type: ResponseTypeName) => behaviour((meta) => (meta.responseType = type));
/** On a class, or on a method declared to return `Promise<ApiResponse<T>>` (any other type is a compile error). */
export interface FullResponseDecorator {
  (target: Function): void;
  <T extends (...args: any[]) => Promise<ApiResponse<any>>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void;
}
export const FullResponse = (): FullResponseDecorator =>
  behaviour((meta) => (meta.fullResponse = true)) as FullResponseDecorator;
export const Timeout = (ms: number) => behaviour((meta) => (meta.timeout = ms));
export const Retry = (policy: RetryOverride | false) => behaviour((meta) => (meta.retry = policy));
export const Idempotent = () => behaviour((meta) => (meta.idempotent = true));
export const Auth = (name?: string) => behaviour((meta) => (meta.auth = name ?? true));
export const NoAuth = () => behaviour((meta) => (meta.auth = false));
export const RateLimit = (limit: RateLimitOptions) => behaviour((meta) => (meta.rateLimit = limit));
export const ErrorType = (type: ClassRef) => behaviour((meta) => (meta.errorType = type));
