import 'reflect-metadata';
import {
  Body,
  Field,
  FieldMap,
  FormUrlEncoded,
  Header,
  Headers,
  Post,
  Put,
  createClient,
  declared,
} from 'restfit';
import { startServer, type Received, type TestServer } from '../support/test-server';

@FormUrlEncoded()
class Forms {
  @Post('/login')
  login(
    @Field('user') user: unknown,
    @Field('password') password?: unknown,
    @FieldMap() extra?: Record<string, unknown>,
  ): Promise<unknown> {
    return declared();
  }

  @Post('/with-headers')
  @Headers({ 'X-Form': 'yes', Accept: 'text/plain' })
  withHeaders(@Field('a') a: string): Promise<unknown> {
    return declared();
  }

  @Put('/charset')
  @Headers({ 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' })
  charset(@Field('a') a: string): Promise<unknown> {
    return declared();
  }

  @Post('/as-body')
  asBody(@Body() body: unknown): Promise<unknown> {
    return declared();
  }

  @Post('/typed')
  typed(@Field('a') a: string, @Header('content-type') type: string): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
let api: Forms;
beforeAll(async () => {
  server = await startServer();
  api = createClient(Forms, { baseURL: server.url });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const last = (): Received => server.received[server.received.length - 1];
const FORM = 'application/x-www-form-urlencoded';

test('@Field values are form-encoded', async () => {
  await api.login('ada lovelace', 'p&ss=wörd+1');
  expect(last().body.toString()).toBe('user=ada+lovelace&password=p%26ss%3Dw%C3%B6rd%2B1');
  expect(last().headers['content-type']).toBe(FORM);
});

test('0, false and "" are sent; undefined and null are skipped (in @Field and @FieldMap)', async () => {
  await api.login(0, false, { empty: '', zero: 0, no: false, u: undefined, n: null });
  expect(last().body.toString()).toBe('user=0&password=false&empty=&zero=0&no=false');
  await api.login(null, undefined, undefined);
  expect(last().body.toString()).toBe('');
  expect(last().headers['content-type']).toBe(FORM);
});

test('arrays repeat, Dates are ISO 8601', async () => {
  await api.login(['a', 'b'], new Date(Date.UTC(1999, 11, 31)), { tags: ['x', null, 'y'] });
  expect(last().body.toString()).toBe('user=a&user=b&password=1999-12-31T00%3A00%3A00.000Z&tags=x&tags=y');
});

test('@Headers work together with @FormUrlEncoded', async () => {
  await api.withHeaders('1');
  expect(last().headers['x-form']).toBe('yes');
  expect(last().headers.accept).toBe('text/plain');
  expect(last().headers['content-type']).toBe(FORM);
  expect(last().body.toString()).toBe('a=1');
});

test('a declared form content type (any case) wins and is not duplicated', async () => {
  await api.charset('é');
  expect(last().headers['content-type']).toBe(`${FORM}; charset=utf-8`);
  expect(last().rawHeaders.filter((h) => h.toLowerCase() === 'content-type')).toHaveLength(1);
  expect(last().body.toString()).toBe('a=%C3%A9');
  await api.typed('1', 'application/x-www-form-urlencoded; charset=latin1');
  expect(last().headers['content-type']).toBe(`${FORM}; charset=latin1`);
});

test('@Body on a @FormUrlEncoded method: an object is form-encoded like a @FieldMap', async () => {
  await api.asBody({ a: 1, b: [true, false], c: undefined, d: '' });
  expect(last().body.toString()).toBe('a=1&b=true&b=false&d=');
  expect(last().headers['content-type']).toBe(FORM);
});

test('@Body on a @FormUrlEncoded method: a string or URLSearchParams is sent as is', async () => {
  await api.asBody('x=1&y=2');
  expect(last().body.toString()).toBe('x=1&y=2');
  expect(last().headers['content-type']).toBe(FORM);
  await api.asBody(new URLSearchParams({ q: 'a b' }));
  expect(last().body.toString()).toBe('q=a+b');
  expect(last().headers['content-type']).toBe(FORM);
});
