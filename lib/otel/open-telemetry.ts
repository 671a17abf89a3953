import {
  SpanKind,
  SpanStatusCode,
  context,
  metrics,
  propagation,
  createNoopMeter,
  isSpanContextValid,
  trace,
  type Attributes,
  type Context,
  type Histogram,
  type MeterProvider,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import type { ApiRequest, ApiResponse, Interceptor, Next } from '../core/exchange';
import type { RetryEvent } from '../core/options';
import { Invocation } from '../declaration/call-plan';
import { summarize } from '../request/url';

/** The options of openTelemetry. */
export interface OpenTelemetryOptions {
  /** Where spans go; default the globally registered provider (`trace.getTracerProvider()`). */
  tracerProvider?: TracerProvider;
  /** Where the duration histogram goes; default the global one (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
}

const NOOP_HISTOGRAM = createNoopMeter().createHistogram('noop').constructor;

/** The instrumentation scope of every span and metric restfit makes. */
export const INSTRUMENTATION_NAME = 'restfit';
/** The name of the call-duration histogram (seconds), as the HTTP semantic conventions name it. */
export const REQUEST_DURATION = 'http.client.request.duration';
/** The semantic conventions' advice for http.client.request.duration, in seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

interface Server {
  readonly address: string;
  readonly port: number;
}

/**
 * Traces and measures every logical call (an Interceptor: `interceptors: [openTelemetry()]`). One
 * CLIENT span per call, named `{METHOD} {url.template}`, with the HTTP semantic-convention attributes
 * (the URL redacted) and one `retry` event per retry; the span's W3C trace context goes out on every
 * attempt through the active propagator; `http.client.request.duration` records the call in seconds
 * with the low-cardinality attributes only (no full URL).
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): Interceptor {
  const tracer: Tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
    INSTRUMENTATION_NAME,
  );
  const duration: Histogram = (options.meterProvider ?? metrics.getMeterProvider())
    .getMeter(INSTRUMENTATION_NAME)
    .createHistogram(REQUEST_DURATION, {
      unit: 's',
      description: 'Duration of HTTP client requests (a logical call, all its attempts).',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
  /** `scheme://host:port` → server.address and server.port, parsed once per origin. */
  const servers = new Map<string, Server>();

  function serverOf(url: string): Server {
    const end = url.indexOf('/', url.indexOf('//') + 2);
    const origin = end < 0 ? url : url.slice(0, end);
    let server = servers.get(origin);
    if (!server) {
      const parsed = new URL(origin);
      const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
      server = { address: parsed.hostname.replace(/^\[|\]$/g, ''), port };
      // Bounded: a client calls few origins; @Url calls to many would otherwise grow it.
      if (servers.size < 64) servers.set(origin, server);
    }
    return server;
  }

  // The API's meter without an SDK is a no-op for good (metrics have no proxy): then skip measuring.
  const measuring = duration.constructor !== NOOP_HISTOGRAM;

  async function traced(
    request: ApiRequest,
    next: Next,
    span: Span,
    parent: Context,
    attributes: Attributes,
  ): Promise<ApiResponse<unknown>> {
    if (span.isRecording()) {
      span.setAttributes(attributes);
      span.setAttribute('url.full', summarize(request).url);
      Invocation.observe(request, { onRetry: (event) => addRetryEvent(span, event) });
    }
    const active = trace.setSpan(parent, span);
    // The request object is the same on every attempt: each carries this span's traceparent.
    propagation.inject(active, request.headers);
    const started = performance.now();
    let outcome: ApiResponse<unknown> | undefined;
    let thrown: unknown;
    try {
      outcome = await context.with(active, next, undefined, request);
      return outcome;
    } catch (error) {
      thrown = error;
      throw error;
    } finally {
      finish(span, attributes, outcome, thrown);
      if (measuring) duration.record((performance.now() - started) / 1000, attributes);
    }
  }

  return function openTelemetryInterceptor(request, next) {
    const endpoint = request.endpoint;
    const method = request.method.toUpperCase();
    const parent = context.active();
    const span = tracer.startSpan(`${method} ${endpoint.pathTemplate}`, { kind: SpanKind.CLIENT }, parent);
    if (!measuring && !span.isRecording()) {
      // Nothing records this call (no SDK, or not sampled): only the trace context goes on, if any.
      if (isSpanContextValid(span.spanContext()))
        propagation.inject(trace.setSpan(parent, span), request.headers);
      span.end();
      return next(request);
    }
    const server = serverOf(request.url);
    const attributes: Attributes = {
      'http.request.method': method,
      'url.template': endpoint.pathTemplate,
      'server.address': server.address,
      'server.port': server.port,
      'restfit.service': endpoint.service,
      'restfit.operation': endpoint.operation,
    };
    return traced(request, next, span, parent, attributes);
  };
}

/** Outcome attributes on the span and on the metric's attributes (which `attributes` is). */
function finish(
  span: Span,
  attributes: Attributes,
  outcome: ApiResponse<unknown> | undefined,
  thrown: unknown,
): void {
  if (outcome?.status) attributes['http.response.status_code'] = outcome.status;
  const error = outcome ? outcome.error : thrown;
  if (error !== undefined) attributes['error.type'] = errorType(error);
  if (span.isRecording()) {
    span.setAttributes(attributes);
    const attempts = outcome?.attempts ?? 0;
    if (attempts > 1) span.setAttribute('http.request.resend_count', attempts - 1);
    // The code, not the message: a message may quote a server's body.
    if (error !== undefined)
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as { code?: string })?.code });
  }
  span.end();
}

function addRetryEvent(span: Span, event: RetryEvent): void {
  const attributes: Attributes = {
    'http.request.resend_count': event.attempt - 1,
    'restfit.retry.delay_ms': event.delayMs,
  };
  if (event.response?.status) attributes['http.response.status_code'] = event.response.status;
  if (event.error) attributes['error.type'] = errorType(event.error);
  span.addEvent('retry', attributes);
}

/** The error's class name (`NotFoundError`, `TimeoutError`, …), as `error.type`. */
function errorType(error: unknown): string {
  // restfit's errors keep their class name in `errorName` (a minifier may rename the class itself).
  const type = (error as object | null)?.constructor as { errorName?: unknown; name?: unknown } | undefined;
  const name = typeof type?.errorName === 'string' ? type.errorName : type?.name;
  return typeof name === 'string' && name ? name : '_OTHER';
}
