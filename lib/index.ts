import 'reflect-metadata';

export { Get, Post, Put, Patch, Delete, Head, Options, Http } from './decorators/http-methods';
export {
  BasePath,
  Headers,
  FormUrlEncoded,
  Multipart,
  Returns,
  ResponseType,
  FullResponse,
  Timeout,
  Retry,
  Idempotent,
  Auth,
  NoAuth,
  RateLimit,
  ErrorType,
} from './decorators/behaviour';
export type { FullResponseDecorator } from './decorators/behaviour';
export { Paginate, ServerSentEvents, JsonLines } from './decorators/iterable-methods';
export type { AsyncIterableMethodDecorator } from './decorators/iterable-methods';
export type { PaginateOptions } from './decorators/metadata-keys';
export type { ServerSentEvent } from './response/event-stream';
export type { QueryStyle } from './request/query-string';
export type { TransferProgress } from './request/api-request';
export {
  Path,
  Query,
  QueryName,
  QueryMap,
  Header,
  HeaderMap,
  Body,
  Field,
  FieldMap,
  Part,
  Url,
  CallOptions,
} from './decorators/parameters';

export { RestClient, createClient } from './client/rest-client';
export { declared } from './client/declared';
export type {
  RestClientOptions,
  RateLimitOptions,
  Hooks,
  RetryEvent,
  Logger,
  Clock,
  ResponseMode,
  QuerySerializer,
} from './client/options';

export type { ApiRequest, Endpoint, QueryValue, TransportOptions } from './request/api-request';
export { MultipartBody } from './request/multipart';
export type { ApiResponse, RequestSummary } from './response/api-response';
export type { Interceptor, Next } from './pipeline/interceptor';
export { DEFAULT_RETRY_POLICY } from './pipeline/retry-policy';
export type { RetryPolicy, RetryOverride } from './pipeline/retry-policy';
export type {
  Backoff,
  BackoffFunction,
  BackoffOverride,
  ExponentialBackoff,
  Jitter,
} from './pipeline/backoff-shapes';
export type { AuthProvider, Token, TokenStore } from './auth/auth-provider';

export * from './errors/errors';
export * from './auth';
