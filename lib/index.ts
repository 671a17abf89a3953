import 'reflect-metadata';

export { Get, Post, Put, Patch, Delete, Head, Options, Http } from './decorators/http-methods';
export {
  BasePath,
  Headers,
  FormUrlEncoded,
  Returns,
  ResponseType,
  FullResponse,
  Timeout,
  Retry,
  Idempotent,
  Auth,
  NoAuth,
  RateLimit,
  CircuitBreaker,
  ErrorType,
} from './decorators/behaviour';
export type { FullResponseDecorator } from './decorators/behaviour';
export { Paginate } from './client/paginate';
export { ServerSentEvents, JsonLines } from './client/stream-events';
export type { AsyncIterableMethodDecorator } from './decorators/iterable-methods';
export type { PaginateOptions } from './decorators/metadata';
export type { ServerSentEvent } from './response/event-stream';
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
export { declared } from './client/service-factory';
export type { RestClientOptions, FullResponseService, ServiceFor } from './client/options';
export type { NodeAgent, NodeReadable } from './platform/shapes';
export type {
  RateLimitOptions,
  RateLimitStore,
  OnStoreError,
  CircuitBreakerOptions,
  CircuitState,
  CircuitStateChange,
  Hooks,
  RetryEvent,
  Logger,
  Clock,
  QuerySerializer,
  QueryStyle,
  TransferProgress,
} from './core/options';

export type {
  ApiRequest,
  ApiResponse,
  Endpoint,
  Interceptor,
  Next,
  QueryValue,
  RequestSummary,
  ResponseMode,
} from './core/exchange';
export { Multipart, MultipartBody, type MultipartPart } from './request/multipart';
export { DEFAULT_RETRY_POLICY } from './core/retry-policy';
export type {
  RetryPolicy,
  RetryOverride,
  Backoff,
  BackoffFunction,
  BackoffOverride,
  ExponentialBackoff,
  Jitter,
} from './core/retry-policy';
export type { AuthProvider, Token, TokenStore } from './core/auth';

export * from './errors/errors';
export * from './auth';
