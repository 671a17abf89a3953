import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Body,
  CallOptions,
  Field,
  FormUrlEncoded,
  Get,
  NetworkError,
  NotFoundError,
  Path,
  Post,
  Query,
  RestClient,
  TimeoutError,
  declared,
} from 'restfit';
import { StubTransport, recordExchanges, replayExchanges } from 'restfit/testing';
import { json, startServer, type TestServer } from '../support/test-server';

class UsersApi {
  @Get('/v1/users/{id}')
  get(@Path('id') id: string, @Query('expand') expand?: string): Promise<{ id: string; name: string }> {
    return declared();
  }

  @Post('/v1/users')
  create(@Body() user: { name: string }): Promise<{ id: number }> {
    return declared();
  }

  @Get('/v1/slow')
  slow(@CallOptions() options?: CallOptions): Promise<unknown> {
    return declared();
  }
}

const noRetry = { retry: false as const };

describe('StubTransport', () => {
  it('answers by declared path template and records what the SDK sent', async () => {
    const stub = new StubTransport().on('GET /v1/users/{id}', (req) => ({
      body: { id: req.params.id, name: 'Ada' },
    }));
    const users = new RestClient({ baseURL: 'http://stub.test', axios: stub.axios }).create(UsersApi);

    await expect(users.get('a b', 'roles')).resolves.toEqual({ id: 'a b', name: 'Ada' });
    expect(stub.callsTo('GET /v1/users/{id}')).toHaveLength(1);
    const [call] = stub.calls;
    expect(call.path).toBe('/v1/users/a%20b');
    expect(call.params).toEqual({ id: 'a b' });
    expect(call.query).toEqual({ expand: 'roles' });
  });

  it('records bodies and plays status sequences, the last reply repeating', async () => {
    const stub = new StubTransport().on('POST /v1/users', 409, { status: 201, body: { id: 7 } });
    const users = new RestClient({ baseURL: 'http://stub.test', axios: stub.axios, ...noRetry }).create(
      UsersApi,
    );

    await expect(users.create({ name: 'Ada' })).rejects.toMatchObject({ status: 409, code: 'CONFLICT' });
    await expect(users.create({ name: 'Bob' })).resolves.toEqual({ id: 7 });
    await expect(users.create({ name: 'Cy' })).resolves.toEqual({ id: 7 });
    expect(stub.calls.map((call) => call.json<{ name: string }>().name)).toEqual(['Ada', 'Bob', 'Cy']);
    expect(stub.calls[0].headers['content-type']).toBe('application/json');
  });

  it('scripts faults: a reset becomes a NetworkError, a hang a TimeoutError, an unknown route a 501', async () => {
    const stub = new StubTransport()
      .on('GET /v1/users/{id}', { fault: 'reset' })
      .on('GET /v1/slow', { fault: 'hang' });
    const users = new RestClient({ baseURL: 'http://stub.test', axios: stub.axios, ...noRetry }).create(
      UsersApi,
    );

    await expect(users.get('1')).rejects.toBeInstanceOf(NetworkError);
    await expect(users.slow({ timeout: 50 })).rejects.toBeInstanceOf(TimeoutError);
    stub.reset();
    await expect(users.get('1')).rejects.toMatchObject({ status: 501 });
    expect(stub.calls[0].route).toBe('');
  });

  it('refuses a malformed route', () => {
    expect(() => new StubTransport().on('/users')).toThrow(
      'restfit/testing: route "/users" must look like \'GET /users/{id}\'',
    );
  });
});

describe('record and replay', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startServer()));
  afterAll(() => server.close());

  it('records real exchanges with secrets redacted and replays them', async () => {
    server.script(json(200, { id: '1', name: 'Ada' }), json(404, { error: 'gone' }));
    const file = join(mkdtempSync(join(tmpdir(), 'restfit-')), 'users.json');
    const recorder = recordExchanges(file);
    const live = new RestClient({
      baseURL: server.url,
      axios: recorder.axios,
      headers: { authorization: 'Bearer s3cr3t-token' },
      ...noRetry,
    }).create(UsersApi);
    await expect(live.get('1')).resolves.toEqual({ id: '1', name: 'Ada' });
    await expect(live.get('1')).rejects.toBeInstanceOf(NotFoundError);
    expect(server.received).toHaveLength(2);
    await recorder.save();

    const fixture = readFileSync(file, 'utf8');
    expect(fixture).not.toContain('s3cr3t-token');
    expect(fixture).toContain('"status": 404');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const stub = await replayExchanges(file);
    const replayed = new RestClient({ baseURL: 'http://replay.test', axios: stub.axios, ...noRetry }).create(
      UsersApi,
    );
    await expect(replayed.get('1')).resolves.toEqual({ id: '1', name: 'Ada' });
    await expect(replayed.get('1')).rejects.toMatchObject({ status: 404, data: { error: 'gone' } });
    expect(server.received).toHaveLength(2);
  });

  it('redacts secrets in recorded bodies: JSON fields, form fields, tokens in answers', async () => {
    class Login {
      @Post('/login')
      login(
        @Body() creds: { user: string; password: string; profile: { apiKey: string } },
      ): Promise<unknown> {
        return declared();
      }

      @Post('/oauth/token')
      @FormUrlEncoded()
      token(@Field('grant_type') grant: string, @Field('client_secret') secret: string): Promise<unknown> {
        return declared();
      }
    }
    server.script(
      json(200, { token: 'SESSION-SECRET', user: { name: 'ann', refresh_token: 'REFRESH-SECRET' } }),
      json(200, { access_token: 'ACCESS-SECRET', token_type: 'Bearer' }),
    );
    const file = join(mkdtempSync(join(tmpdir(), 'restfit-')), 'login.json');
    const recorder = recordExchanges(file);
    const api = new RestClient({ baseURL: server.url, axios: recorder.axios, ...noRetry }).create(Login);
    await api.login({ user: 'ann', password: 'PASSWORD-SECRET', profile: { apiKey: 'KEY-SECRET' } });
    await api.token('client_credentials', 'CLIENT-SECRET');
    await recorder.save();

    const fixture = readFileSync(file, 'utf8');
    for (const secret of [
      'PASSWORD-SECRET',
      'KEY-SECRET',
      'SESSION-SECRET',
      'REFRESH-SECRET',
      'ACCESS-SECRET',
      'CLIENT-SECRET',
    ]) {
      expect(fixture).not.toContain(secret);
    }
    const [login, token] = JSON.parse(fixture);
    expect(JSON.parse(login.request.body)).toEqual({
      user: 'ann',
      password: '[REDACTED]',
      profile: { apiKey: '[REDACTED]' },
    });
    expect(JSON.parse(login.response.body)).toEqual({
      token: '[REDACTED]',
      user: { name: 'ann', refresh_token: '[REDACTED]' },
    });
    expect(new URLSearchParams(token.request.body).get('grant_type')).toBe('client_credentials');
    // Redaction errs on the side of caution: any name with "token" in it is hidden (token_type too).
    expect(JSON.parse(token.response.body)).toMatchObject({ access_token: '[REDACTED]' });
  });
});
