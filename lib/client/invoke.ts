import { ownValue } from '../core/own-properties';
import type { ResolvedEndpoint } from '../declaration/resolve-endpoint';
import { ApiError, DeclarationError, RequestError } from '../errors/errors';
import { summarize, withoutUserinfo } from '../errors/redact';
import type { Next } from '../pipeline/interceptor';
import { failedOutcome } from '../pipeline/outcome';
import type { ApiRequest, CallOptions } from '../request/api-request';
import { buildRequest } from '../request/build';
import type { ApiResponse } from '../response/api-response';
import { mapBody } from '../response/map';

/** One call: spec + arguments → request → pipeline → response, resolved as the body or an ApiResponse. */
export async function invoke(endpoint: ResolvedEndpoint, pipeline: Next, args: unknown[]): Promise<unknown> {
  const started = endpoint.config.clock.now();
  const request = prepareRequest(endpoint, args);
  const index = endpoint.spec.callOptionsIndex;
  const mode = (index >= 0 && ownCallOption(args[index], 'responseMode')) || endpoint.responseMode;
  // The pipeline is awaited here rather than through send(): one async step less on every call.
  let response: ApiResponse<unknown>;
  try {
    response = await pipeline(request);
  } catch (thrown) {
    response = fromThrown(thrown, endpoint, request);
  }
  settle(response, endpoint, started);
  const returns = request.transport.returns;
  if (response.ok && returns) {
    try {
      response.data = mapBody(response.data, returns, response.request, response.status);
    } catch (error) {
      fail(response, error as ApiError);
    }
  }
  if (mode === 'full') return response;
  if (response.error) throw response.error;
  return response.data;
}

/** A fresh request for one call; a RequestError names the call it came from. */
export function prepareRequest(endpoint: ResolvedEndpoint, args: unknown[]): ApiRequest {
  let request: ApiRequest;
  try {
    request = buildRequest(endpoint, args);
  } catch (error) {
    throw withCallSite(error, endpoint);
  }
  const index = endpoint.spec.callOptionsIndex;
  const interceptors = index >= 0 ? ownCallOption(args[index], 'interceptors') : undefined;
  if (interceptors?.length) request.interceptors = interceptors;
  return request;
}

/** One field of a call's CallOptions argument, by own property only (issue 10). */
function ownCallOption<K extends keyof CallOptions>(options: unknown, key: K): CallOptions[K] | undefined {
  return typeof options === 'object' && options !== null
    ? ownValue(options as Record<string, CallOptions[K]>, key)
    : undefined;
}

/** Runs the request through the pipeline; the outcome's error carries the call's attempts and time. */
export async function send(
  endpoint: ResolvedEndpoint,
  pipeline: Next,
  request: ApiRequest,
  started: number,
): Promise<ApiResponse<unknown>> {
  let response: ApiResponse<unknown>;
  try {
    response = await pipeline(request);
  } catch (thrown) {
    response = fromThrown(thrown, endpoint, request);
  }
  settle(response, endpoint, started);
  return response;
}

/** The call's outcome: it learns the call's elapsed time, and its error the attempts and time. */
function settle(response: ApiResponse<unknown>, endpoint: ResolvedEndpoint, started: number): void {
  response.elapsedMs = endpoint.config.clock.now() - started;
  if (response.error) fail(response, response.error);
}

/** Marks the outcome failed with this error, which learns the call's attempts and elapsed time. */
export function fail(response: ApiResponse<unknown>, error: ApiError): void {
  error.attempts = response.attempts;
  error.elapsedMs = response.elapsedMs;
  response.ok = false;
  response.error = error;
}

/** A RequestError (nothing was sent) still says which call it was: method, declared URL, service, operation. */
function withCallSite(error: unknown, endpoint: ResolvedEndpoint): unknown {
  if (error instanceof ApiError && !error.request.service) {
    const spec = endpoint.spec;
    error.request = {
      method: spec.method,
      url: withoutUserinfo(endpoint.config.baseURL + spec.path.template),
      service: spec.service,
      operation: spec.operation,
    };
  }
  return error;
}

/** Something in the pipeline threw instead of resolving: keep it as the outcome, as an ApiError. */
function fromThrown(thrown: unknown, endpoint: ResolvedEndpoint, request: ApiRequest): ApiResponse<unknown> {
  // Mistakes in the caller's code or input throw in every mode, as they do before sending.
  if (thrown instanceof DeclarationError || thrown instanceof RequestError)
    throw withCallSite(thrown, endpoint);
  const summary = summarize(request);
  const error =
    thrown instanceof ApiError
      ? thrown
      : new ApiError(
          `${summary.service}.${summary.operation}: an interceptor failed: ${(thrown as Error)?.message ?? thrown}`,
          {
            code: 'INTERCEPTOR_ERROR',
            cause: thrown,
            request: summary,
          },
        );
  return failedOutcome(error, summary, Math.max(1, error.attempts));
}
