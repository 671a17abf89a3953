import 'reflect-metadata';
import { rejection } from '../support/rejection';
import axios from 'axios';
import {
  AuthError,
  Get,
  Interceptor,
  Path,
  SessionExpiredError,
  createClient,
  declared,
  oauth2ClientCredentials,
} from 'restfit';
import { json, startServer, type Received, type TestServer } from '../support/test-server';
import { manualClock } from './support/token-backend';

class Api {
  @Get('/things/{id}')
  thing(@Path('id') id: string): Promise<{ auth: string }> {
    return declared();
  }
}

let tokenServer: TestServer;
let api: TestServer;
beforeAll(async () => {
  tokenServer = await startServer();
  api = await startServer((req, res) =>
    json(200, { auth: req.headers.authorization })(req, res, undefined as never),
  );
});
afterAll(async () => {
  await tokenServer.close();
  await api.close();
});
beforeEach(() => {
  tokenServer.reset();
  api.received.length = 0;
});

const form = (r: Received) => Object.fromEntries(new URLSearchParams(r.body.toString('utf8')));
const granted = (token = 'at-1', extra: Record<string, unknown> = {}) =>
  json(200, { access_token: token, token_type: 'bearer', expires_in: 3600, ...extra });

describe('oauth2ClientCredentials', () => {
  test('POSTs a form with grant_type and scope, client credentials as HTTP Basic (form-encoded first)', async () => {
    tokenServer.handle(granted());
    const auth = oauth2ClientCredentials({
      tokenUrl: `${tokenServer.url}/oauth/token`,
      clientId: 'my app',
      clientSecret: 's3cr:t+/=',
      scope: ['read', 'write'],
    });
    const client = createClient(Api, { baseURL: api.url, auth });
    expect(await client.thing('1')).toEqual({ auth: 'Bearer at-1' });

    expect(tokenServer.received).toHaveLength(1);
    const request = tokenServer.received[0];
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/oauth/token');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form(request)).toEqual({ grant_type: 'client_credentials', scope: 'read write' });
    // RFC 6749 §2.3.1: application/x-www-form-urlencoded id and secret, then Basic.
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from('my+app:s3cr%3At%2B%2F%3D').toString('base64')}`,
    );
    await client.thing('2');
    expect(tokenServer.received).toHaveLength(1); // the token is reused
  });

  test("clientAuth: 'body' puts client_id and client_secret in the form, without an Authorization header", async () => {
    tokenServer.handle(granted('at-body'));
    const auth = oauth2ClientCredentials({
      tokenUrl: `${tokenServer.url}/token`,
      clientId: 'id',
      clientSecret: 'sec',
      clientAuth: 'body',
      scope: 'read',
    });
    await createClient(Api, { baseURL: api.url, auth }).thing('1');
    const request = tokenServer.received[0];
    expect(request.headers.authorization).toBeUndefined();
    expect(form(request)).toEqual({
      grant_type: 'client_credentials',
      scope: 'read',
      client_id: 'id',
      client_secret: 'sec',
    });
    expect(api.received[0].headers.authorization).toBe('Bearer at-body');
  });

  test('expires_in counts from when the request was sent; the token is obtained again once due', async () => {
    const clock = manualClock();
    const sentAt = clock.now();
    // The token server "takes" 5 s by the client clock to answer.
    tokenServer.handle((req, res) => {
      clock.advance(5000);
      granted(`at-${tokenServer.received.length}`, { expires_in: 120 })(req, res, undefined as never);
    });
    const auth = oauth2ClientCredentials({
      tokenUrl: `${tokenServer.url}/token`,
      clientId: 'id',
      clientSecret: 'sec',
      skewMs: 0,
    });
    const client = createClient(Api, { baseURL: api.url, auth, clock });
    await client.thing('1');
    clock.advance(120_000 - 5000 - 1); // 1 ms before sentAt + 120 s
    expect(clock.now()).toBe(sentAt + 120_000 - 1);
    await client.thing('2');
    expect(tokenServer.received).toHaveLength(1);
    clock.advance(1);
    expect(await client.thing('3')).toEqual({ auth: 'Bearer at-2' });
    expect(tokenServer.received).toHaveLength(2);
  });

  test('an error answer is an AuthError with the OAuth error code; the secret never shows', async () => {
    tokenServer.handle(
      json(401, { error: 'invalid_client', error_description: 'bad secret TOPSECRET given' }),
    );
    const auth = oauth2ClientCredentials({
      tokenUrl: `${tokenServer.url}/token`,
      clientId: 'id',
      clientSecret: 'TOPSECRET',
    });
    const call = createClient(Api, { baseURL: api.url, auth }).thing('1');
    await expect(call).rejects.toBeInstanceOf(AuthError);
    const error = await rejection<AuthError>(call);
    expect(error.code).toBe('invalid_client');
    expect(error.status).toBe(401);
    expect(error.message).toBe(
      `oauth2ClientCredentials(options): the token endpoint ${tokenServer.url}/token answered 401 invalid_client: bad secret [REDACTED] given`,
    );
    expect(JSON.stringify(error)).not.toContain('TOPSECRET');
    expect(api.received).toHaveLength(0);

    tokenServer.handle(json(400, { error: 'invalid_scope' }));
    await expect(createClient(Api, { baseURL: api.url, auth }).thing('1')).rejects.toMatchObject({
      code: 'invalid_scope',
    });
    tokenServer.handle((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway</html>');
    });
    await expect(createClient(Api, { baseURL: api.url, auth }).thing('1')).rejects.toMatchObject({
      name: 'AuthError',
      code: 'TOKEN_ENDPOINT_ERROR',
      status: 502,
    });
    tokenServer.handle(json(200, { token_type: 'bearer' }));
    await expect(createClient(Api, { baseURL: api.url, auth }).thing('1')).rejects.toMatchObject({
      code: 'INVALID_TOKEN_RESPONSE',
    });
  });

  test('after a 401 the token is obtained again once; if that fails the session has expired', async () => {
    tokenServer.script(granted('at-old'), json(401, { error: 'invalid_client' }));
    api.handle((req, res) => json(401, {})(req, res, undefined as never));
    const auth = oauth2ClientCredentials({
      tokenUrl: `${tokenServer.url}/token`,
      clientId: 'id',
      clientSecret: 'sec',
    });
    const call = createClient(Api, { baseURL: api.url, auth, retry: false }).thing('1');
    await expect(call).rejects.toBeInstanceOf(SessionExpiredError);
    await expect(call).rejects.toMatchObject({ cause: expect.objectContaining({ code: 'invalid_client' }) });
    expect(tokenServer.received).toHaveLength(2);
    api.handle((req, res) => json(200, { auth: req.headers.authorization })(req, res, undefined as never));
  });

  test("uses the client's axios instance, but neither restfit interceptors nor the auth step", async () => {
    tokenServer.handle(granted('at-x'));
    const instance = axios.create();
    const seen: string[] = [];
    instance.interceptors.request.use((config) => {
      seen.push(String(config.url));
      return config;
    });
    const interceptor: Interceptor = (request, next) => {
      seen.push(`restfit ${request.url}`);
      return next(request);
    };
    const auth = oauth2ClientCredentials({
      tokenUrl: `${tokenServer.url}/token`,
      clientId: 'id',
      clientSecret: 'sec',
    });
    await createClient(Api, { baseURL: api.url, axios: instance, auth, interceptors: [interceptor] }).thing(
      '1',
    );
    expect(seen).toEqual([`restfit ${api.url}/things/1`, `${tokenServer.url}/token`, `${api.url}/things/1`]);
  });

  test('bad options are DeclarationErrors', () => {
    expect(() =>
      oauth2ClientCredentials({ tokenUrl: 'not a url', clientId: 'a', clientSecret: 'b' }),
    ).toThrow('oauth2ClientCredentials(options): options.tokenUrl must be an absolute URL, got "not a url"');
    expect(() =>
      oauth2ClientCredentials({ tokenUrl: 'ftp://x/token', clientId: 'a', clientSecret: 'b' }),
    ).toThrow('must be http: or https:');
    expect(() =>
      oauth2ClientCredentials({ tokenUrl: 'http://x/token', clientId: '', clientSecret: 'b' }),
    ).toThrow('options.clientId');
  });
});
