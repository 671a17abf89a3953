import axios, {
  AxiosError,
  type AxiosAdapter,
  type AxiosInstance,
  type InternalAxiosRequestConfig,
} from 'axios';
import { Readable } from 'node:stream';
import { TAKES_ANY_ABORT_SIGNAL } from '../core/exchange';
import { addQueryValue } from '../core/http';
import { plainHeaders } from '../response/to-response';

/** A request as the stub received it. */
export interface StubRequest {
  /** The HTTP method, upper case. */
  method: string;
  /** The route it matched, e.g. `GET /v1/users/{id}`, or '' when none did. */
  route: string;
  /** The URL path as received (percent-encoded). */
  path: string;
  /** Path placeholders of the matched route, decoded. */
  params: Record<string, string>;
  /** The query parameters by name; a repeated one is a list. */
  query: Record<string, string | string[]>;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The body's bytes (empty when there was none). */
  body: Buffer;
  /** The body as UTF-8 text. */
  text(): string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = unknown>(): T;
}

/** What the stub answers; objects and arrays become JSON. */
export interface StubReply {
  /** The status; default 200. */
  status?: number;
  /**
   * The body: an object or array as JSON, a string as text, a Buffer or Uint8Array as bytes; the
   * content-type follows from it unless `headers` set one.
   */
  body?: unknown;
  /** Response headers. */
  headers?: Record<string, string>;
  /** Wait this long before answering (an AbortSignal or a timeout cuts it short). */
  delayMs?: number;
  /** `reset`: the connection drops (a NetworkError); `hang`: no answer until the call times out or is cancelled. */
  fault?: 'reset' | 'hang';
}

/**
 * One reply of a route: a StubReply, a bare status (empty body), or a function of the request that
 * returns either (or a promise of one).
 */
export type StubResponder =
  StubReply | number | ((request: StubRequest) => StubReply | number | Promise<StubReply | number>);

interface Route {
  name: string;
  method: string;
  pattern: RegExp;
  names: string[];
  replies: StubResponder[];
  served: number;
}

/**
 * A stub transport for SDK authors' tests: a route table keyed by the declared path templates, typed
 * replies, scripted faults and recorded calls. Pass `stub.axios` as the client's `axios` option.
 */
export class StubTransport {
  /** Every request received, in order, routed or not (a request no route matches is answered 501). */
  readonly calls: StubRequest[] = [];
  /** Pass as the client's `axios` option: an axios instance that answers from the routes, sending nothing. */
  readonly axios: AxiosInstance;
  readonly #routes: Route[] = [];

  constructor() {
    // It waits on config.signal through addEventListener alone: any abort signal will do.
    this.axios = axios.create({ adapter: Object.assign(this.#adapter, { [TAKES_ANY_ABORT_SIGNAL]: true }) });
  }

  /**
   * Answers `'GET /v1/users/{id}'` with the replies in order; the last one repeats.
   * A number is a status with an empty body; a function computes the reply from the request.
   */
  on(route: string, ...replies: StubResponder[]): this {
    const match = /^([A-Z]+)\s+(\S+)$/.exec(route.trim());
    if (!match) throw new TypeError(`restfit/testing: route "${route}" must look like 'GET /users/{id}'`);
    if (replies.length === 0)
      throw new TypeError(`restfit/testing: route "${route}" needs at least one reply`);
    const names: string[] = [];
    const source = match[2]
      .split(/(\{[^}]+\})/)
      .map((piece) => {
        const placeholder = /^\{([^}]+)\}$/.exec(piece);
        if (!placeholder) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(placeholder[1]);
        return '([^/]+)';
      })
      .join('');
    this.#routes.unshift({
      name: `${match[1]} ${match[2]}`,
      method: match[1],
      pattern: new RegExp(`^${source}/?$`),
      names,
      replies,
      served: 0,
    });
    return this;
  }

  /** The recorded calls to one route, e.g. `stub.callsTo('GET /v1/users/{id}')`. */
  callsTo(route: string): StubRequest[] {
    const name = route.trim().replace(/\s+/, ' ');
    return this.calls.filter((call) => call.route === name);
  }

  /** Forgets routes and recorded calls. */
  reset(): void {
    this.calls.length = 0;
    this.#routes.length = 0;
  }

  readonly #adapter: AxiosAdapter = async (config) => {
    const url = new URL(axios.getUri(config));
    const method = (config.method ?? 'get').toUpperCase();
    let params: Record<string, string> = {};
    const route = this.#routes.find((candidate) => {
      if (candidate.method !== method) return false;
      const found = candidate.pattern.exec(url.pathname);
      if (!found) return false;
      params = Object.fromEntries(candidate.names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
      return true;
    });
    const body = await readBody(config.data);
    const request = stubRequest(method, route?.name ?? '', url, params, plainHeaders(config.headers), body);
    this.calls.push(request);
    if (!route) {
      return respond(config, {
        status: 501,
        body: { error: `restfit/testing: no route for ${method} ${url.pathname}` },
      });
    }
    const responder = route.replies[Math.min(route.served++, route.replies.length - 1)];
    const answer = typeof responder === 'function' ? await responder(request) : responder;
    const reply: StubReply = typeof answer === 'number' ? { status: answer } : answer;
    if (reply.delayMs) await wait(reply.delayMs, config.signal as AbortSignal | undefined, config);
    if (reply.fault === 'hang') await wait(Infinity, config.signal as AbortSignal | undefined, config);
    if (reply.fault === 'reset') {
      throw Object.assign(new AxiosError('socket hang up', 'ECONNRESET', config), {
        cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      });
    }
    return respond(config, reply);
  };
}

function stubRequest(
  method: string,
  route: string,
  url: URL,
  params: Record<string, string>,
  headers: Record<string, string>,
  body: Buffer,
): StubRequest {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) addQueryValue(query, name, value);
  return {
    method,
    route,
    path: url.pathname,
    params,
    query,
    headers,
    body,
    text: () => body.toString('utf8'),
    json: <T>() => JSON.parse(body.toString('utf8')) as T,
  };
}

async function readBody(data: unknown): Promise<Buffer> {
  if (data === undefined || data === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(data)) return data;
  if (typeof data === 'string') return Buffer.from(data);
  if (data instanceof Uint8Array) return Buffer.from(data);
  if (data instanceof Blob) return Buffer.from(await data.arrayBuffer());
  if (data instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of data) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  return Buffer.from(JSON.stringify(data));
}

function wait(
  ms: number,
  signal: AbortSignal | undefined,
  config: InternalAxiosRequestConfig,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => reject(new AxiosError('canceled', AxiosError.ERR_CANCELED, config));
    if (signal?.aborted) return cancelled();
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      cancelled();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function respond(config: InternalAxiosRequestConfig, reply: StubReply) {
  const status = reply.status ?? 200;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value;
  let bytes: Buffer;
  const body = reply.body;
  if (body === undefined || body === null) bytes = Buffer.alloc(0);
  else if (Buffer.isBuffer(body) || body instanceof Uint8Array) {
    bytes = Buffer.from(body);
    headers['content-type'] ??= 'application/octet-stream';
  } else if (typeof body === 'string') {
    bytes = Buffer.from(body);
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else {
    bytes = Buffer.from(JSON.stringify(body));
    headers['content-type'] ??= 'application/json';
  }
  return {
    status,
    statusText: '',
    headers,
    config,
    request: {},
    data: config.responseType === 'stream' ? Readable.from([bytes]) : bytes,
  };
}
