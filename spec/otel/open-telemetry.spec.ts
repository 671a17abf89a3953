import 'reflect-metadata';
import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  DataPointType,
  MeterProvider,
  MetricReader,
  type HistogramMetricData,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  Get,
  Path,
  Query,
  apiKeyAuth,
  bearerAuth,
  createClient,
  declared,
  type RestClientOptions,
} from 'restfit';
import { openTelemetry } from 'restfit/otel';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { json, freePort, startServer, type TestServer } from '../support/test-server';

class UsersApi {
  @Get('/users/{id}')
  getUser(@Path('id') id: string, @Query('token') token?: string): Promise<any> {
    return declared();
  }
}

/** Collects on demand: the test reads the histogram right after the calls. */
class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const SECRET_TOKEN = 'sekret-bearer-token-123';
const SECRET_QUERY = 'sekret-query-456';
const SECRET_KEY = 'sekret-api-key-789';

let server: TestServer;
const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();
let reader: TestReader;
let meterProvider: MeterProvider;

beforeAll(async () => {
  server = await startServer();
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(async () => {
  await server.close();
  context.disable();
  propagation.disable();
  await tracerProvider.shutdown();
});
beforeEach(() => {
  server.reset();
  exporter.reset();
  reader = new TestReader();
  meterProvider = new MeterProvider({ readers: [reader] });
});
afterEach(() => meterProvider.shutdown());

function client(extra: RestClientOptions = {}) {
  return createClient(UsersApi, {
    baseURL: server.url,
    interceptors: [openTelemetry({ tracerProvider, meterProvider })],
    retry: { backoff: { baseMs: 1, maxMs: 1 } },
    ...extra,
  });
}

/** `00-<trace id>-<span id>-01`: the W3C traceparent of a sampled span. */
const traceparentOf = (traceId: string, spanId: string) => `00-${traceId}-${spanId}-01`;

describe('openTelemetry()', () => {
  test('one CLIENT span per call, with the attributes, a retry event and the traceparent on every attempt', async () => {
    server.script(json(503, { message: 'busy' }), json(200, { id: 7 }));
    await expect(client().getUser('7')).resolves.toEqual({ id: 7 });

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    const span = spans[0];
    expect(span.name).toBe('GET /users/{id}');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.instrumentationScope.name).toBe('restfit');
    expect(span.attributes).toEqual({
      'http.request.method': 'GET',
      'url.template': '/users/{id}',
      'url.full': `${server.url}/users/7`,
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'http.response.status_code': 200,
      'http.request.resend_count': 1,
      'restfit.service': 'UsersApi',
      'restfit.operation': 'getUser',
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        'retry',
        {
          'http.request.resend_count': 1,
          'restfit.retry.delay_ms': expect.any(Number),
          'http.response.status_code': 503,
          'error.type': 'ServiceUnavailableError',
        },
      ],
    ]);
    const { traceId, spanId } = span.spanContext();
    expect(server.received.map((r) => r.headers.traceparent)).toEqual([
      traceparentOf(traceId, spanId),
      traceparentOf(traceId, spanId),
    ]);
  });

  test("a child of the caller's active span; the server sees the restfit span as parent", async () => {
    const api = client();
    const caller = tracerProvider.getTracer('app');
    let callerSpanId = '';
    let callerTraceId = '';
    await caller.startActiveSpan('handle request', async (span) => {
      callerSpanId = span.spanContext().spanId;
      callerTraceId = span.spanContext().traceId;
      await api.getUser('1');
      span.end();
    });
    const restfitSpan = exporter.getFinishedSpans().find((s) => s.name === 'GET /users/{id}')!;
    expect(restfitSpan.spanContext().traceId).toBe(callerTraceId);
    expect(restfitSpan.parentSpanContext?.spanId).toBe(callerSpanId);
    expect(server.received[0].headers.traceparent).toBe(
      traceparentOf(callerTraceId, restfitSpan.spanContext().spanId),
    );
    // Without an active span: a root span, a new trace.
    exporter.reset();
    await api.getUser('2');
    const root = exporter.getFinishedSpans()[0];
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.spanContext().traceId).not.toBe(callerTraceId);
  });

  test('a failed call: error.type is the error class, status ERROR with its code', async () => {
    server.handle(json(404, { message: 'no such user' }));
    await expect(client({ retry: false }).getUser('9')).rejects.toMatchObject({ status: 404 });
    const span = exporter.getFinishedSpans()[0];
    expect(span.attributes['error.type']).toBe('NotFoundError');
    expect(span.attributes['http.response.status_code']).toBe(404);
    expect(span.attributes['http.request.resend_count']).toBeUndefined();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'NOT_FOUND' });

    const url = `http://127.0.0.1:${await freePort()}`;
    exporter.reset();
    const api = createClient(UsersApi, {
      baseURL: url,
      retry: false,
      interceptors: [openTelemetry({ tracerProvider, meterProvider })],
    });
    await expect(api.getUser('1')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    const failed = exporter.getFinishedSpans()[0];
    expect(failed.attributes['error.type']).toBe('NetworkError');
    expect(failed.attributes['http.response.status_code']).toBeUndefined();
  });

  test('no secret in any attribute, event or metric: credentials and secret query values', async () => {
    server.script(json(500, {}), json(200, {}));
    const withBearer = client({ auth: bearerAuth(SECRET_TOKEN) });
    await withBearer.getUser('1', SECRET_QUERY);
    const withKey = client({ auth: apiKeyAuth({ in: 'query', name: 'api_key', value: SECRET_KEY }) });
    await withKey.getUser('2');
    // The server really got the secrets: the check below is not vacuous.
    expect(server.received.map((r) => r.headers.authorization)).toContain(`Bearer ${SECRET_TOKEN}`);
    expect(server.received.some((r) => r.rawQuery.includes(SECRET_KEY))).toBe(true);

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(2);
    expect(spans[0].attributes['url.full']).toBe(`${server.url}/users/1?token=[REDACTED]`);
    const { resourceMetrics } = await reader.collect();
    const everything = JSON.stringify([
      spans.map((s) => [s.name, s.attributes, s.events, s.status]),
      resourceMetrics.scopeMetrics,
    ]);
    for (const secret of [SECRET_TOKEN, SECRET_QUERY, SECRET_KEY]) expect(everything).not.toContain(secret);
  });

  test('http.client.request.duration: a histogram in seconds with the low-cardinality attributes', async () => {
    const api = client();
    await api.getUser('1');
    await api.getUser('2');
    server.handle(json(404, {}));
    await expect(api.getUser('3')).rejects.toMatchObject({ status: 404 });
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics
      .find((s) => s.scope.name === 'restfit')!
      .metrics.find((m) => m.descriptor.name === 'http.client.request.duration') as HistogramMetricData;
    expect(metric.descriptor.unit).toBe('s');
    expect(metric.dataPointType).toBe(DataPointType.HISTOGRAM);
    const points = metric.dataPoints.map((p) => ({ attributes: p.attributes, count: p.value.count }));
    const base = {
      'http.request.method': 'GET',
      'url.template': '/users/{id}',
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'restfit.service': 'UsersApi',
      'restfit.operation': 'getUser',
    };
    expect(points).toEqual(
      expect.arrayContaining([
        { attributes: { ...base, 'http.response.status_code': 200 }, count: 2 },
        {
          attributes: { ...base, 'http.response.status_code': 404, 'error.type': 'NotFoundError' },
          count: 1,
        },
      ]),
    );
    expect(points).toHaveLength(2);
    // Seconds, not milliseconds: a loopback call takes well under 10 s.
    for (const point of metric.dataPoints) expect(point.value.max!).toBeLessThan(10);
  });

  test('with the global providers and nothing registered: calls work and carry no traceparent', async () => {
    propagation.disable();
    try {
      const api = createClient(UsersApi, { baseURL: server.url, interceptors: [openTelemetry()] });
      await expect(api.getUser('1')).resolves.toEqual({ ok: true });
      expect(server.received[0].headers.traceparent).toBeUndefined();
      expect(trace.getActiveSpan()).toBeUndefined();
    } finally {
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    }
  });
});

test("importing 'restfit' (and 'restfit/redis') loads nothing of @opentelemetry: it is an optional peer", () => {
  const root = join(__dirname, '..', '..');
  const script = `
    require('./lib/index.ts');
    require('./lib/redis/index.ts');
    const loaded = Object.keys(require.cache).filter((file) => file.includes('@opentelemetry'));
    require('./lib/otel/index.ts');
    const after = Object.keys(require.cache).some((file) => file.includes('@opentelemetry/api'));
    process.stdout.write(JSON.stringify({ loaded, after }));`;
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(JSON.parse(result.stdout)).toEqual({ loaded: [], after: true });
}, 30_000);
