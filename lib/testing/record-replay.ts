import axios, { type AxiosAdapter, type AxiosInstance } from 'axios';
import { readFile, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { REDACTED, isSecretName, redactHeaders, redactUrl } from '../errors/redact';
import { plainHeaders } from '../response/to-response';
import { StubTransport } from './stub-transport';

/** One recorded request and its answer, as stored in a fixture file (secrets redacted). */
export interface Exchange {
  /**
   * The request as sent, secrets redacted.
   * @property __type.method - The HTTP method, upper case.
   * @property __type.url - The full URL, secrets in it redacted.
   * @property __type.headers - The request headers, secret ones redacted.
   * @property __type.body - The body as text (secret fields redacted), when it was a string or a Buffer.
   */
  request: { method: string; url: string; headers: Record<string, unknown>; body?: string };
  /**
   * The answer, secrets redacted.
   * @property __type.status - The status.
   * @property __type.headers - The response headers, secret ones redacted.
   * @property __type.body - The body: text (secret fields redacted) for JSON, text, XML and form types,
   * base64 for anything else.
   * @property __type.encoding - How `body` is written: `utf8` or `base64`.
   */
  response: { status: number; headers: Record<string, unknown>; body: string; encoding: 'utf8' | 'base64' };
}

/** What recordExchanges returns. */
export interface Recorder {
  /** Pass as the client's `axios` option; it sends for real through `source`'s adapter and records. */
  readonly axios: AxiosInstance;
  /** The exchanges recorded so far, in order. */
  readonly exchanges: Exchange[];
  /** Writes the fixture file (JSON). */
  save(): Promise<void>;
}

const TEXTUAL = /json|text|xml|javascript|x-www-form-urlencoded/i;

/**
 * Records real exchanges into a fixture file. The source instance is not changed: a new instance
 * with the same defaults and a recording adapter is made (the source's own interceptors do not run).
 */
export function recordExchanges(file: string, source: AxiosInstance = axios): Recorder {
  const exchanges: Exchange[] = [];
  const send = axios.getAdapter(source.defaults.adapter);
  const adapter: AxiosAdapter = async (config) => {
    const response = await send(config);
    let data = response.data;
    if (data instanceof Readable) {
      const chunks: Buffer[] = [];
      for await (const chunk of data) chunks.push(Buffer.from(chunk));
      data = Buffer.concat(chunks);
      response.data = Readable.from([data]);
    }
    const bytes = Buffer.isBuffer(data)
      ? data
      : Buffer.from(typeof data === 'string' ? data : JSON.stringify(data ?? ''));
    const headers = plainHeaders(response.headers);
    const textual = TEXTUAL.test(headers['content-type'] ?? '');
    const requestHeaders = plainHeaders(config.headers);
    const sent =
      typeof config.data === 'string'
        ? config.data
        : Buffer.isBuffer(config.data)
          ? config.data.toString('utf8')
          : undefined;
    exchanges.push({
      request: {
        method: (config.method ?? 'get').toUpperCase(),
        url: redactUrl(axios.getUri(config)),
        headers: redactHeaders(requestHeaders),
        body: sent === undefined ? undefined : redactBody(sent, requestHeaders['content-type']),
      },
      response: {
        status: response.status,
        headers: redactHeaders(headers),
        body: textual
          ? redactBody(bytes.toString('utf8'), headers['content-type'])
          : bytes.toString('base64'),
        encoding: textual ? 'utf8' : 'base64',
      },
    });
    return response;
  };
  return {
    axios: axios.create({ ...source.defaults, adapter } as Parameters<typeof axios.create>[0]),
    exchanges,
    save: () => writeFile(file, `${JSON.stringify(exchanges, null, 2)}\n`, { mode: 0o600 }),
  };
}

/** A stub that answers from a fixture file: per method and path, the recorded answers in order. */
export async function replayExchanges(file: string): Promise<StubTransport> {
  const exchanges = JSON.parse(await readFile(file, 'utf8')) as Exchange[];
  const byRoute = new Map<string, Exchange[]>();
  for (const exchange of exchanges) {
    const route = `${exchange.request.method} ${new URL(exchange.request.url).pathname}`;
    byRoute.set(route, [...(byRoute.get(route) ?? []), exchange]);
  }
  const stub = new StubTransport();
  for (const [route, recorded] of byRoute) {
    stub.on(
      route.replace(/[{}]/g, encodeURIComponent),
      ...recorded.map(({ response }) => ({
        status: response.status,
        headers: Object.fromEntries(
          Object.entries(response.headers)
            .filter(([name]) => name !== 'set-cookie')
            .map(([n, v]) => [n, String(v)]),
        ),
        body: Buffer.from(response.body, response.encoding),
      })),
    );
  }
  return stub;
}

/** A recorded body with secret-looking fields (password, token, client_secret, …) replaced: JSON and forms. */
export function redactBody(text: string, contentType: string | undefined): string {
  if (/json/i.test(contentType ?? '') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.stringify(redactValue(JSON.parse(text)));
    } catch {
      // Not JSON after all: fall through to the form check.
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType ?? '') || /^[^\s=&]+=[^\s]*$/.test(text)) {
    const form = new URLSearchParams(text);
    for (const name of new Set(form.keys())) if (isSecretName(name)) form.set(name, REDACTED);
    return form.toString();
  }
  return text;
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    copy[key] = isSecretName(key) ? REDACTED : redactValue(item);
  return copy;
}
