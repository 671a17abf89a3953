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
  CircuitBreaker,
  ErrorType,
  Paginate,
} from './decorators/behaviour';
export type { PaginateOptions } from './decorators/metadata-keys';
export {
  Path,
  Query,
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
export type { AuthProvider, Token, TokenStore } from './auth/auth-provider';

export * from './errors/errors';
export { CircuitOpenError } from './errors/circuit-open-error';
export type { CircuitBreakerOptions, CircuitState, CircuitStateChange } from './pipeline/circuit-breaker';
export type { RateLimitStore, OnStoreError } from './pipeline/rate-limit-store';
export * from './auth';
