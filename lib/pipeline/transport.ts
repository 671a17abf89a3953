import type { AxiosResponse } from 'axios';
import type { Readable } from '../platform/node';
import type { ApiRequest, ApiResponse, Next, RequestSummary } from '../core/exchange';
import { Invocation, planOf, type CallPlan } from '../declaration/call-plan';
import { ApiError, CancelledError, TimeoutError } from '../errors/errors';
import { encodeForTransport } from '../request/body';
import { serializeQuery, summarize } from '../request/url';
import { classifyTransportError } from '../response/transport-error';
import { toResponse } from '../response/to-response';
import { AttemptGuards, type AttemptGuard } from './attempt-guard';
import type { PipelineConfig } from './chain';
import { describeOutcome, failedOutcome } from './outcome';

const identity = (data: unknown) => data;
const TRANSFORM = [identity];
const acceptAnyStatus = () => true;

/**
 * The innermost step: one attempt through the axios instance, decoded into an ApiResponse. Every
 * attempt of a call passes here, so this is where attempts are counted (Invocation.countAttempt).
 */
export function createTransport(config: PipelineConfig): Next {
  const { axios, clock, hooks, logger } = config;
  const guards = new AttemptGuards(clock);
  const now = () => clock.now();

  /** Counted, timed and reported to the hooks and the logger: what the step resolves. */
  function finished(
    outcome: ApiResponse<unknown>,
    request: ApiRequest,
    started: number,
  ): ApiResponse<unknown> {
    outcome.attempts = Invocation.countAttempt(request);
    outcome.elapsedMs = clock.now() - started;
    if (outcome.error) {
      outcome.error.attempts = outcome.attempts;
      outcome.error.elapsedMs = outcome.elapsedMs;
      hooks.onError?.(outcome.error, request);
    } else hooks.onResponse?.(outcome, request);
    logger?.debug(`${describeOutcome(outcome)} in ${outcome.elapsedMs} ms (attempt ${request.attempt})`);
    return outcome;
  }

  return async function transport(request: ApiRequest): Promise<ApiResponse<unknown>> {
    const started = clock.now();
    hooks.onRequest?.(request);
    const plan = planOf(request);
    const query = serializeQuery(request.query, plan.querySerializer, plan.encodedQuery);
    const summary = summarize(request, query);
    const signal = request.signal;
    if (signal?.aborted) {
      const error = new CancelledError('The call was cancelled before it was sent', { request: summary });
      return finished(failedOutcome(error, request, summary), request, started);
    }

    const guard = guards.start(request.timeout, signal);
    const stream = plan.responseType === 'stream';
    let outcome: ApiResponse<unknown>;
    try {
      const response: AxiosResponse = await axios.request({
        method: request.method,
        url: query ? `${request.url}?${query}` : request.url,
        headers: withoutDefaultContentType(request),
        data: encodeForTransport(request.body),
        responseType: stream ? 'stream' : 'arraybuffer',
        signal: guard.signal,
        timeout: 0,
        validateStatus: acceptAnyStatus,
        maxContentLength: plan.maxContentLength,
        maxBodyLength: Infinity,
        // Redirects are a pipeline step (redirect.ts), so credentials never follow to another origin.
        maxRedirects: 0,
        transformRequest: TRANSFORM,
        transformResponse: TRANSFORM,
      });
      if (stream) {
        // The attempt lasts until the caller has read the body: the guard keeps bounding it.
        outcome = await toResponse(response, request, plan, summary, now, {
          stream: response.data as Readable,
          cleanup: () => guards.end(guard, false),
          isTimedOut: () => guard.timedOut,
          signal,
        });
      } else {
        guards.end(guard, true);
        outcome = await toResponse(response, request, plan, summary, now);
      }
    } catch (cause) {
      guards.end(guard, true);
      outcome = failedOutcome(attemptError(cause, request, plan, summary, guard), request, summary);
    }
    return finished(outcome, request, started);
  };

  /** What ended an attempt without a response: a timeout, the caller's signal, or the connection. */
  function attemptError(
    cause: unknown,
    request: ApiRequest,
    plan: CallPlan,
    summary: RequestSummary,
    guard: AttemptGuard,
  ): ApiError {
    if (cause instanceof ApiError) return cause;
    if (guard.timedOut)
      return new TimeoutError(`No complete response within the ${request.timeout} ms timeout`, {
        request: summary,
        cause,
      });
    if (request.signal?.aborted)
      return new CancelledError('The call was cancelled', { request: summary, cause });
    return classifyTransportError(cause, plan, summary);
  }
}

/**
 * Without a body, stop axios from adding its own `application/x-www-form-urlencoded`; it does that only
 * for POST, PUT and PATCH, so other methods need no copy of the headers.
 */
function withoutDefaultContentType(request: ApiRequest): Record<string, string | false> {
  const headers = request.headers;
  if (request.body != null || headers['content-type'] !== undefined) return headers;
  const method = request.method;
  if (method === 'GET' || method === 'HEAD' || method === 'DELETE' || method === 'OPTIONS') return headers;
  return { ...headers, 'content-type': false };
}
