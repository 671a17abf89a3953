import type { AxiosProgressEvent, AxiosResponse } from 'axios';
import type { ApiRequest, ApiResponse, Next, RequestSummary } from '../core/exchange';
import type { TransferProgress } from '../core/options';
import { Invocation, isEventStream, planOf, type CallPlan } from '../declaration/call-plan';
import { headerProblem } from '../core/http';
import { copyRecord } from '../core/own-properties';
import { ApiError, CancelledError, RequestError, TimeoutError } from '../errors/errors';
import { EncodedBody, encodeForTransport } from '../request/body';
import { queryString, summarize, withQuery } from '../request/url';
import { classifyTransportError } from '../response/transport-error';
import { toResponse, toStreamedResponse } from '../response/to-response';
import { AttemptGuards, takesAnyAbortSignal, type AttemptGuard } from './attempt-guard';
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
  // axios's own adapters and restfit's take a lighter signal than an AbortController's (attempt-guard.ts).
  // Asked per attempt, not once: request interceptors may be added to the axios instance at any time.
  const guards = new AttemptGuards(clock, () => takesAnyAbortSignal(axios));
  const now = () => clock.now();
  // An attempt's own elapsed time is for the hooks and the logger only (the call's is invoke's):
  // without them, an attempt reads no clock (a clock read costs ~0.1 µs on some VMs).
  const timed = !!(hooks.onResponse || hooks.onError || logger);
  // Header values that passed assertSendable, by name (an auth provider sets the same one every call).
  const passed = new Map<string, string>();

  /** Counted (when something was sent), timed and reported to the hooks and the logger: what the step resolves. */
  function finished(
    outcome: ApiResponse<unknown>,
    request: ApiRequest,
    started: number,
    sent = true,
  ): ApiResponse<unknown> {
    outcome.attempts = sent ? Invocation.countAttempt(request) : Invocation.attemptsOf(request);
    if (timed) outcome.elapsedMs = clock.now() - started;
    if (outcome.error) {
      outcome.error.attempts = outcome.attempts;
      outcome.error.elapsedMs = outcome.elapsedMs;
      hooks.onError?.(outcome.error, request);
    } else hooks.onResponse?.(outcome, request);
    logger?.debug(`${describeOutcome(outcome)} in ${outcome.elapsedMs} ms (attempt ${request.attempt})`);
    return outcome;
  }

  return async function transport(request: ApiRequest): Promise<ApiResponse<unknown>> {
    const started = timed ? clock.now() : 0;
    hooks.onRequest?.(request);
    const plan = planOf(request);
    const url = withQuery(request.url, queryString(request.query, plan));
    const summary = summarize(request, url);
    const signal = request.signal;
    if (signal?.aborted) {
      const error = new CancelledError('The call was cancelled before it was sent', { request: summary });
      // Nothing was sent: no attempt is counted (0 for a call cancelled before its first).
      return finished(failedOutcome(error, request, summary), request, started, false);
    }
    // After interceptors, auth and onRequest: what goes on the wire is checked once more.
    assertSendable(request, plan.headers, passed);

    // The attempt's own timeout: the retry step restores request.timeout once the headers are in.
    const timeout = request.timeout;
    const guard = guards.start(timeout, signal);
    const stream = plan.responseType === 'stream';
    let outcome: ApiResponse<unknown>;
    try {
      const response: AxiosResponse = await axios.request({
        method: request.method,
        url,
        headers: axiosHeaders(request, plan),
        data: encodeForTransport(request.body),
        responseType: stream ? 'stream' : 'arraybuffer',
        signal: guard.signal,
        timeout: 0,
        validateStatus: acceptAnyStatus,
        // A streamed body is bounded by restfit (to-response.ts): axios's own bound wraps it in a
        // Readable.from() whose destroy() never reaches an idle socket, and would cut an endless event stream.
        maxContentLength: stream ? -1 : plan.maxContentLength,
        maxBodyLength: Infinity,
        onUploadProgress: plan.onUploadProgress && reportProgress(plan.onUploadProgress),
        onDownloadProgress: plan.onDownloadProgress && reportProgress(plan.onDownloadProgress),
        // Redirects are a pipeline step (redirect.ts), so credentials never follow to another origin.
        maxRedirects: 0,
        transformRequest: TRANSFORM,
        transformResponse: TRANSFORM,
      });
      if (stream) {
        // The attempt lasts until the caller has read the body: the guard keeps bounding it.
        const body = response.data as { readableEnded?: boolean };
        // An event stream's timeout bounds each idle gap once the headers are in: every chunk restarts it.
        const restart =
          timeout > 0 && isEventStream(plan.result) ? () => guards.restart(guard, timeout) : undefined;
        restart?.();
        outcome = await toStreamedResponse(response, request, plan, summary, now, {
          stream: body,
          cleanup: () => {
            guards.end(guard, false);
            // Ended early (break, destroy()) on Node: abort the request so the connection closes even
            // while idle. A web stream's cancel() already ends its fetch.
            if (body.readableEnded === false) guard.controller.abort();
          },
          isTimedOut: () => guard.timedOut,
          timeoutMs: timeout,
          signal,
          onChunk: restart,
        });
      } else {
        guards.end(guard, true);
        outcome = toResponse(response, request, plan, summary, now);
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

/** axios's progress event as `{ loaded, total? }`; a callback that throws must not break the transfer. */
function reportProgress(callback: (progress: TransferProgress) => void) {
  return ({ loaded, total }: AxiosProgressEvent) => {
    try {
      callback(total === undefined ? { loaded } : { loaded, total });
    } catch {
      // The caller's progress display failed; the transfer itself is unaffected.
    }
  };
}

/**
 * The last look before anything is sent: the headers as interceptors, the auth provider and onRequest
 * left them, and every multipart part however it was built (a prebuilt MultipartBody included). The
 * same rules as at the door (core/http.ts), because axios would silently alter such a header and a
 * part's headers are written raw. Throws RequestError, so nothing is sent; values are never quoted in
 * the message (they may be credentials).
 */
function assertSendable(
  request: ApiRequest,
  planned: Readonly<Record<string, string>>,
  passed: Map<string, string>,
): void {
  const headers = request.headers;
  for (const name of Object.keys(headers)) {
    const value: unknown = headers[name];
    // A header the plan set (checked at create()) and nobody changed needs no second look.
    if (value === planned[name] && Object.hasOwn(planned, name)) continue;
    if (typeof value === 'string' && passed.get(name) === value) continue;
    const problem =
      value === undefined || value === null || value === false
        ? headerProblem(name, '')
        : headerProblem(name, String(value));
    if (problem) throw unsendable(request, problem);
    // A few names are remembered (the auth header and the like); header maps with ever new names are not.
    if (typeof value === 'string' && (passed.size < 16 || passed.has(name))) passed.set(name, value);
  }
  const body = request.body;
  const problem = body instanceof EncodedBody ? body.problem() : undefined;
  if (problem) throw unsendable(request, problem);
}

function unsendable(request: ApiRequest, problem: string): RequestError {
  const { service, operation } = request.endpoint;
  return new RequestError(`${service}.${operation}: ${problem} (as sent, after interceptors and auth)`);
}

/**
 * The request's headers as axios gets them. `false` stops axios from adding a header of its own: one the
 * call removed (`CallOptions.headers: { name: undefined }`) that the axios instance's defaults would
 * still send, unless a step set it again; and, without a body, the `application/x-www-form-urlencoded`
 * axios adds for POST, PUT and PATCH (so other methods need no copy of the headers).
 */
function axiosHeaders(request: ApiRequest, plan: CallPlan): Record<string, string | false> {
  let headers: Record<string, string | false> = request.headers;
  const removed = plan.removedHeaders;
  if (removed) {
    headers = copyRecord(headers);
    for (const name of removed) if (request.headers[name] === undefined) headers[name] = false;
  }
  if (request.body != null || headers['content-type'] !== undefined) return headers;
  const method = request.method;
  if (method === 'GET' || method === 'HEAD' || method === 'DELETE' || method === 'OPTIONS') return headers;
  const copy: Record<string, string | false> = copyRecord(headers);
  copy['content-type'] = false;
  return copy;
}
