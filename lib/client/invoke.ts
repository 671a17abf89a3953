import type { ApiRequest, ApiResponse, Next, ResponseMode } from '../core/exchange';
import { ownValue } from '../core/own-properties';
import type { Clock } from '../core/options';
import { Invocation, type CallPlan } from '../declaration/call-plan';
import { ApiError, DeclarationError, RequestError } from '../errors/errors';
import { endCallStart, readCallStart } from '../pipeline/attempt-guard';
import { failedOutcome } from '../pipeline/outcome';
import { systemClock } from '../pipeline/wait';
import { buildRequest, withCallSite } from '../request/build';
import { summarize } from '../request/url';
import { mapBody } from '../response/map';

/** One call: plan + arguments → request → pipeline → response, resolved as the body or an ApiResponse. */
export async function invoke(
  plan: CallPlan,
  pipeline: Next,
  clock: Clock,
  args: unknown[],
): Promise<unknown> {
  const request = buildRequest(plan, args);
  const index = plan.spec.callOptionsIndex;
  // CallOptions are read by own property only: a polluted Object.prototype.responseMode is not one.
  const mode =
    (index >= 0 && (ownValue(args[index], 'responseMode') as ResponseMode | undefined)) ||
    (plan.result.kind === 'full' ? 'full' : 'body');
  // On the system clock a call is timed on the monotonic clock, and its first attempt's timeout
  // starts from the same reading (attempt-guard.ts): two clock reads per call.
  const monotonic = clock === systemClock;
  const started = monotonic ? readCallStart() : clock.now();
  // The pipeline is awaited here rather than through send(): one async step less on every call.
  let response: ApiResponse<unknown>;
  try {
    response = await startPipeline(pipeline, request);
  } catch (thrown) {
    response = fromThrown(thrown, plan, request);
  }
  settle(response, request, monotonic ? Math.round(performance.now() - started) : clock.now() - started);
  if (response.ok && plan.returns) {
    try {
      response.data = mapBody(response.data, plan.returns, response.request, response.status);
    } catch (error) {
      fail(response, error as ApiError);
    }
  }
  if (mode === 'full') return response;
  if (response.error) throw response.error;
  return response.data;
}

/** Runs the request through the pipeline and settles the outcome (a page of a paginated call). */
export async function send(
  plan: CallPlan,
  pipeline: Next,
  request: ApiRequest,
  clock: Clock,
  started: number,
): Promise<ApiResponse<unknown>> {
  let response: ApiResponse<unknown>;
  try {
    response = await pipeline(request);
  } catch (thrown) {
    response = fromThrown(thrown, plan, request);
  }
  settle(response, request, clock.now() - started);
  return response;
}

/** The pipeline's synchronous part runs with the call's start reading, and no longer. */
function startPipeline(pipeline: Next, request: ApiRequest): Promise<ApiResponse<unknown>> {
  try {
    return pipeline(request);
  } finally {
    endCallStart();
  }
}

/**
 * The one owner of what the whole call reports: its elapsed time and, on its error, the attempts,
 * elapsed time, request summary and the steps' notes. The steps inside only report what happened in
 * the outcomes they resolve.
 */
function settle(response: ApiResponse<unknown>, request: ApiRequest, elapsedMs: number): void {
  response.elapsedMs = elapsedMs;
  const error = response.error;
  if (!error) return;
  const note = Invocation.noteOf(request);
  if (note) error.message += ` (${note})`;
  if (!error.request.service) error.request = response.request;
  fail(response, error);
}

/** Marks the outcome failed with this error, which learns the call's attempts and elapsed time. */
export function fail(response: ApiResponse<unknown>, error: ApiError): void {
  error.attempts = response.attempts;
  error.elapsedMs = response.elapsedMs;
  response.ok = false;
  response.error = error;
}

/** Something in the pipeline threw instead of resolving: keep it as the outcome, as an ApiError. */
function fromThrown(thrown: unknown, plan: CallPlan, request: ApiRequest): ApiResponse<unknown> {
  // Mistakes in the caller's code or input throw in every mode, as they do before sending.
  if (thrown instanceof DeclarationError || thrown instanceof RequestError) throw withCallSite(thrown, plan);
  const summary = summarize(request);
  const error =
    thrown instanceof ApiError
      ? thrown
      : new ApiError(
          `${summary.service}.${summary.operation}: an interceptor failed: ${(thrown as Error)?.message ?? thrown}`,
          { code: 'INTERCEPTOR_ERROR', cause: thrown, request: summary },
        );
  const outcome = failedOutcome(error, request, summary);
  // An interceptor that threw before anything was sent still ends one attempt.
  outcome.attempts = Math.max(1, outcome.attempts);
  return outcome;
}
