import axios, { AxiosError, AxiosHeaders, type InternalAxiosRequestConfig } from 'axios';
import type { AxiosProxy } from './options';
import { unsupported } from './errors';

/** Builds URLs with params exactly as axios does (buildURL + paramsSerializer), through its public getUri(). */
const uriBuilder = new axios.Axios({});

const ABSOLUTE_URL = /^([a-z][a-z\d+\-.]*:)?\/\//i;
const RESPONSE_TYPES = new Set([undefined, 'arraybuffer', 'stream', 'json', 'text']);

/** The full URL of a request: axios's buildFullPath (baseURL, allowAbsoluteUrls) and buildURL (params). */
export function fullUrl(config: InternalAxiosRequestConfig): string {
  const url = config.url ?? '';
  const base = config.baseURL;
  const path =
    base && (!ABSOLUTE_URL.test(url) || config.allowAbsoluteUrls === false)
      ? url
        ? `${base.replace(/\/?\/$/, '')}/${url.replace(/^\/+/, '')}`
        : base
      : url;
  if (!config.params) return path;
  return uriBuilder.getUri({ url: path, params: config.params, paramsSerializer: config.paramsSerializer });
}

/** Where a request goes: undici's origin + path, and the Basic credentials from `auth` or the URL. */
export interface RequestTarget {
  origin: string;
  path: string;
  url: URL;
}

export function requestTarget(config: InternalAxiosRequestConfig, headers: AxiosHeaders): RequestTarget {
  let url: URL;
  try {
    url = new URL(fullUrl(config), config.socketPath ? 'http://localhost' : undefined);
  } catch (error) {
    if (error instanceof AxiosError) throw error;
    throw AxiosError.from(error as Error, AxiosError.ERR_INVALID_URL, config);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AxiosError(`Unsupported protocol ${url.protocol}`, AxiosError.ERR_BAD_REQUEST, config);
  }
  let credentials: string | undefined;
  if (config.auth) credentials = `${config.auth.username ?? ''}:${config.auth.password ?? ''}`;
  else if (url.username || url.password)
    credentials = `${safeDecode(url.username)}:${safeDecode(url.password)}`;
  if (credentials !== undefined) {
    headers.delete('authorization');
    headers.set('Authorization', `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`);
  }
  return { origin: url.origin, path: url.pathname + url.search, url };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The axios options that matter to a Node transport and that undici cannot honour: each fails loudly. */
export function assertSupported(config: InternalAxiosRequestConfig): void {
  const redirects = config.maxRedirects;
  if (redirects !== undefined && redirects !== 0) {
    throw unsupported(
      'maxRedirects',
      `undici does not follow redirects (got ${redirects}); set maxRedirects: 0 and handle 3xx (restfit follows redirects itself)`,
    );
  }
  if (!RESPONSE_TYPES.has(config.responseType)) {
    throw unsupported('responseType', `"${config.responseType}" (use arraybuffer, stream, json or text)`);
  }
  if (config.maxRate !== undefined) throw unsupported('maxRate', 'undici has no bandwidth limit');
  if (config.transport != null) throw unsupported('transport', 'the transport is undici');
  if (config.lookup != null)
    throw unsupported(
      'lookup',
      'pass an undici dispatcher with connect.lookup as undiciAdapter({ dispatcher })',
    );
  if (config.family != null)
    throw unsupported(
      'family',
      'pass an undici dispatcher with connect.family as undiciAdapter({ dispatcher })',
    );
  if (config.insecureHTTPParser) throw unsupported('insecureHTTPParser', "undici's parser is always strict");
  if (config.httpVersion !== undefined && Number(config.httpVersion) !== 1) {
    throw unsupported('httpVersion', 'the adapter speaks HTTP/1.1');
  }
  if (config.http2Options != null) throw unsupported('http2Options', 'the adapter speaks HTTP/1.1');
  const proxy = config.proxy as AxiosProxy | false | undefined;
  if (proxy && (typeof proxy !== 'object' || typeof proxy.host !== 'string')) {
    throw unsupported('proxy', 'expected { protocol, host, port, auth } or false');
  }
}
