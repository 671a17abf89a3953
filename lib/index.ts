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
  Paginate,
} from './decorators/behaviour';
export type { PaginateOptions } from './decorators/metadata';
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
export { declared } from './client/service-factory';
export type { RestClientOptions } from './client/options';
export type { RateLimitOptions, Hooks, RetryEvent, Logger, Clock, QuerySerializer } from './core/options';

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
export { MultipartBody, type MultipartPart } from './request/multipart';
export { DEFAULT_RETRY_POLICY } from './core/retry-policy';
export type { RetryPolicy, RetryOverride } from './core/retry-policy';
export type { AuthProvider, Token, TokenStore } from './core/auth';

export * from './errors/errors';
export * from './auth';
