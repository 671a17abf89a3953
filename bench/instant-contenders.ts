/**
 * Pure client-side cost: every axios-based contender talks to an axios instance whose adapter answers
 * at once. To keep direct axios honest, the adapter does the per-request work axios's own http
 * adapter would do that is not I/O: build the URL from baseURL + url + params (axios's own helpers)
 * and hand back the body as a string for the default responseType (axios then JSON-parses it) or as
 * a Buffer for responseType 'arraybuffer' (restfit decodes it itself).
 */
import axios, { type AxiosAdapter, type AxiosInstance, type AxiosResponse } from 'axios';
import { ServiceBuilder } from 'ts-retrofit';
import * as restfit from '../lib';
import { INSTANT_BODY, NEW_USER, QUERY, USER_ID } from './payloads';
import { TsRetrofitUsersApi, UsersApi } from './services';

/* eslint-disable @typescript-eslint/no-require-imports -- axios ships these helpers as CommonJS only */
// axios's own URL helpers (the exact functions its http adapter calls per request).
const buildURL: (url: string, params?: unknown, options?: unknown) => string =
  require('axios/unsafe/helpers/buildURL.js').default;
const buildFullPath: (base: string | undefined, url: string | undefined, allowAbsolute?: boolean) => string =
  require('axios/unsafe/core/buildFullPath.js').default;
/* eslint-enable @typescript-eslint/no-require-imports */

const BODY_TEXT_LENGTH = String(INSTANT_BODY.length);

const instantAdapter: AxiosAdapter = (config) => {
  const fullPath = buildFullPath(config.baseURL, config.url, config.allowAbsoluteUrls);
  const parsed = new URL(fullPath, 'http://localhost');
  const path = buildURL(parsed.pathname + parsed.search, config.params, config.paramsSerializer);
  const response: AxiosResponse = {
    data: config.responseType === 'arraybuffer' ? INSTANT_BODY : INSTANT_BODY.toString('utf8'),
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': BODY_TEXT_LENGTH },
    config,
    request: { path },
  };
  return Promise.resolve(response);
};

export const BASE_URL = 'http://127.0.0.1:9';
export const TIMEOUT_MS = 30_000;

/** A trivial static-token provider, used until (or instead of) the library's bearerAuth. */
const staticAuth: restfit.AuthProvider = {
  authenticate(request) {
    request.headers.authorization = 'Bearer x';
  },
};

export interface InstantContender {
  readonly name: string;
  readonly call: () => Promise<unknown>;
  /** What this contender's ratio is computed against (by name), and the target ratio. */
  readonly baseline?: string;
  readonly target?: number;
}

export function createInstantAxios(): AxiosInstance {
  return axios.create({ baseURL: BASE_URL, adapter: instantAdapter });
}

export function authProviderInUse(): { provider: restfit.AuthProvider; label: string } {
  const bearer = (restfit as unknown as { bearerAuth?: (token: string) => restfit.AuthProvider }).bearerAuth;
  return typeof bearer === 'function'
    ? { provider: bearer('x'), label: "bearerAuth('x')" }
    : { provider: staticAuth, label: 'a static AuthProvider object (bearerAuth not available yet)' };
}

const identity = (data: unknown) => data;
const acceptAnyStatus = () => true;

export function createInstantContenders(): InstantContender[] {
  const instance = createInstantAxios();
  const plain = new restfit.RestClient({ axios: instance }).create(UsersApi);
  const configured = new restfit.RestClient({
    axios: instance,
    retry: { limit: 3 },
    // High enough never to wait here (the limiter keeps one slot per request: 8 MB for a million).
    rateLimit: { requests: 1_000_000, perMs: 1_000 },
    auth: authProviderInUse().provider,
  }).create(UsersApi);
  const tsRetrofit = new ServiceBuilder()
    .setEndpoint(BASE_URL)
    .setStandalone(instance)
    .setTimeout(TIMEOUT_MS)
    .build(TsRetrofitUsersApi);
  const url = `/users/${USER_ID}`;
  const params = { q: QUERY };

  return [
    {
      name: 'axios GET',
      call: () => instance.get(url, { params, timeout: TIMEOUT_MS }).then((r) => r.data),
    },
    {
      name: 'axios GET + Authorization header',
      call: () =>
        instance
          .get(url, { params, timeout: TIMEOUT_MS, headers: { authorization: 'Bearer x' } })
          .then((r) => r.data),
    },
    {
      // What restfit's transport adds around axios for its whole-response timeout: a controller and a timer per attempt.
      name: 'axios GET + AbortController/setTimeout per call',
      call: () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
        return instance.get(url, { params, signal: controller.signal }).then((r) => {
          clearTimeout(timer);
          return r.data;
        });
      },
    },
    {
      // The axios request exactly as restfit's transport makes it, with nothing above it: the floor for restfit.
      name: "axios GET, restfit's request config (arraybuffer + own decode + timer)",
      call: () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
        return instance
          .request({
            method: 'GET',
            url: `${BASE_URL}/users/${USER_ID}?q=${encodeURIComponent(QUERY)}`,
            headers: {},
            responseType: 'arraybuffer',
            signal: controller.signal,
            timeout: 0,
            validateStatus: acceptAnyStatus,
            maxContentLength: 50 * 1024 * 1024,
            maxBodyLength: Infinity,
            maxRedirects: 0,
            transformRequest: [identity],
            transformResponse: [identity],
          })
          .then((r) => {
            clearTimeout(timer);
            return JSON.parse((r.data as Buffer).toString('utf8'));
          });
      },
    },
    {
      name: 'ts-retrofit GET',
      call: () => tsRetrofit.getUser(USER_ID, QUERY).then((r) => r.data),
      baseline: 'axios GET',
    },
    { name: 'restfit GET', call: () => plain.getUser(USER_ID, QUERY), baseline: 'axios GET', target: 1.03 },
    {
      name: 'restfit GET, retry + rate limit + auth configured',
      call: () => configured.getUser(USER_ID, QUERY),
      baseline: 'axios GET + Authorization header',
      target: 1.05,
    },
    {
      name: 'axios POST',
      call: () => instance.post('/users', NEW_USER, { timeout: TIMEOUT_MS }).then((r) => r.data),
    },
    { name: 'restfit POST', call: () => plain.createUser(NEW_USER), baseline: 'axios POST' },
  ];
}
