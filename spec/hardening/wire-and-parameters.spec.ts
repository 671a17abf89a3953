import 'reflect-metadata';
import {
  BasePath,
  CallOptions,
  DeclarationError,
  Field,
  FieldMap,
  FormUrlEncoded,
  Get,
  Header,
  HeaderMap,
  Multipart,
  MultipartBody,
  Body,
  Part,
  Post,
  QueryMap,
  RequestError,
  Url,
  createClient,
  declared,
  type AuthProvider,
  type CallOptions as CallOptionsType,
  type Interceptor,
} from 'restfit';
import { parseMultipart } from '../support/multipart';
import { useTwoServers } from './support/two-servers';

class Api {
  @Get('/plain')
  plain(@CallOptions() options?: CallOptionsType): Promise<unknown> {
    return declared();
  }

  @Get('/list')
  list(@Header('X-List') list: unknown[]): Promise<unknown> {
    return declared();
  }

  @Get('/maps')
  maps(@QueryMap() query?: unknown, @HeaderMap() headers?: unknown): Promise<unknown> {
    return declared();
  }

  @Post('/form')
  @FormUrlEncoded()
  form(@Field('a') a?: string, @FieldMap() fields?: unknown): Promise<unknown> {
    return declared();
  }

  @Post('/parts')
  @Multipart()
  parts(@Part('a') a: unknown, @Part('b') b: unknown): Promise<unknown> {
    return declared();
  }

  @Post('/upload')
  @Multipart()
  upload(@Body() body: unknown): Promise<unknown> {
    return declared();
  }

  @Get()
  at(@Url() url: string): Promise<unknown> {
    return declared();
  }
}

const servers = useTwoServers();

const setting =
  (name: string, value: string): Interceptor =>
  (request, next) => {
    request.headers[name] = value;
    return next(request);
  };

describe('headers are checked at the wire, after interceptors and auth', () => {
  test.each([
    ['x-evil', 'a\r\nInjected: yes'],
    ['x-evil', 'a\nb'],
    ['x-evil', 'nul\0'],
    ['x-evil', 'snow ☃'],
    ['bad name', 'x'],
    ['x-evil\r\ninjected', 'x'],
  ])('an interceptor setting %j: %j → RequestError, nothing sent', async (name, value) => {
    const api = createClient(Api, { baseURL: servers.server.url, interceptors: [setting(name, value)] });
    await expect(api.plain()).rejects.toBeInstanceOf(RequestError);
    // In 'full' mode too: a mistake in the caller's code is thrown, never an outcome.
    await expect(api.plain({ responseMode: 'full' })).rejects.toBeInstanceOf(RequestError);
    expect(servers.server.received).toHaveLength(0);
  });

  test('an AuthProvider putting CR/LF into a header → RequestError, nothing sent, no value in the message', async () => {
    const provider: AuthProvider = {
      authenticate(request) {
        request.headers.authorization = 'Bearer s3cr3t\r\nX-Injected: 1';
      },
    };
    const api = createClient(Api, { baseURL: servers.server.url, auth: provider });
    const error = await api.plain().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RequestError);
    expect(String((error as Error).message)).not.toContain('s3cr3t');
    expect(servers.server.received).toHaveLength(0);
  });

  test.each([
    [{ name: 'a"\r\nContent-Type: text/html', value: 'x' }],
    [{ name: 'a', value: 'x', filename: 'f.txt"\r\nX-Forged: 1' }],
    [{ name: 'a', value: 'x', contentType: 'text/plain\r\nX-Forged: 1' }],
    [{ name: 'a', value: 'x', filename: 'nul\0.txt' }],
  ])('a prebuilt MultipartBody part %j → RequestError, nothing sent', async (part) => {
    const api = createClient(Api, { baseURL: servers.server.url });
    await expect(api.upload(new MultipartBody([part]))).rejects.toBeInstanceOf(RequestError);
    expect(servers.server.received).toHaveLength(0);
  });

  test('a part changed by an interceptor after it was built is checked too', async () => {
    const rename: Interceptor = (request, next) => {
      const body = request.body as MultipartBody;
      request.body = new MultipartBody(body.parts.map((part) => ({ ...part, filename: 'x\r\ny' })));
      return next(request);
    };
    const api = createClient(Api, { baseURL: servers.server.url, interceptors: [rename] });
    await expect(api.parts('a', 'b')).rejects.toBeInstanceOf(RequestError);
    expect(servers.server.received).toHaveLength(0);
  });

  test('ordinary headers and parts still go through unchanged', async () => {
    const api = createClient(Api, {
      baseURL: servers.server.url,
      interceptors: [setting('x-fine', 'tab\tand Latin-1 é')],
    });
    await api.parts('one', Buffer.from('two'));
    const [received] = servers.server.received;
    expect(received.rawHeaders).toContain('tab\tand Latin-1 \u00e9');
    const parts = parseMultipart(received.body, received.headers['content-type']);
    expect(parts.map((part) => [part.name, part.body.toString()])).toEqual([
      ['a', 'one'],
      ['b', 'two'],
    ]);
  });
});

describe('URL rules (API.md §12.3)', () => {
  const otherHost = () => `127.0.0.1:${servers.other.port}`;
  // OTHER stands for the second server's host:port, filled in when the test runs.
  test.each([
    '//OTHER/x',
    '/\\OTHER/x',
    '\\\\OTHER\\x',
    '\\OTHER/x',
    ' //OTHER/x',
    '\t//OTHER/x',
    ' http://OTHER/x',
    '\u000bhttp://OTHER/x',
  ])('@Url(%j) → RequestError, no request anywhere', async (template) => {
    const api = createClient(Api, { baseURL: servers.server.url });
    await expect(api.at(template.replace('OTHER', otherHost()))).rejects.toBeInstanceOf(RequestError);
    expect(servers.other.received).toHaveLength(0);
    expect(servers.server.received).toHaveLength(0);
  });

  test('an absolute @Url with its scheme still works, and a relative one stays on the base', async () => {
    const api = createClient(Api, { baseURL: `${servers.server.url}/v1` });
    await api.at(`${servers.other.url}/abs`);
    await api.at('rel/x');
    await api.at('/root');
    expect(servers.other.received.map((r) => r.url)).toEqual(['/abs']);
    expect(servers.server.received.map((r) => r.url)).toEqual(['/v1/rel/x', '/root']);
  });

  test.each(['https://other.example/x', '//other.example/x', '/\\other.example/x', '\\\\other.example\\x'])(
    '@Get(%j) is a DeclarationError with and without @BasePath',
    (path) => {
      class Plain {
        @Get(path)
        m(): Promise<unknown> {
          return declared();
        }
      }
      @BasePath('/v1')
      class Based {
        @Get(path)
        m(): Promise<unknown> {
          return declared();
        }
      }
      expect(() => createClient(Plain, { baseURL: servers.server.url })).toThrow(DeclarationError);
      expect(() => createClient(Based, { baseURL: servers.server.url })).toThrow(DeclarationError);
      expect(() => createClient(Based, { baseURL: servers.server.url })).toThrow(
        `Based.m: path "${path}" is an absolute URL; declare a relative path and set baseURL, or use an @Url() parameter`,
      );
    },
  );
});

describe('parameter rules (API.md §12.3)', () => {
  test('null and undefined items of a header array are skipped; none left, no header', async () => {
    const api = createClient(Api, { baseURL: servers.server.url });
    await api.list(['a', null, undefined, 'b', 0, false]);
    await api.list([null, undefined]);
    expect(servers.server.received[0].headers['x-list']).toBe('a, b, 0, false');
    expect(servers.server.received[1].headers['x-list']).toBeUndefined();
  });

  test('a Map is accepted by @QueryMap and @HeaderMap (its own entries)', async () => {
    const api = createClient(Api, { baseURL: servers.server.url });
    await api.maps(
      new Map<string, unknown>([
        ['q', 'a b'],
        ['n', 1],
        ['skip', null],
        ['many', ['x', 'y']],
      ]),
      new Map([['X-From-Map', 'yes']]),
    );
    expect(servers.server.received[0].rawQuery).toBe('q=a%20b&n=1&many=x&many=y');
    expect(servers.server.received[0].headers['x-from-map']).toBe('yes');
  });

  test('a Map is accepted by @FieldMap', async () => {
    const api = createClient(Api, { baseURL: servers.server.url });
    await api.form(
      undefined,
      new Map<string, unknown>([
        ['a', '1 2'],
        ['b', ['x', 'y']],
        ['c', undefined],
      ]),
    );
    expect(servers.server.received[0].body.toString()).toBe('a=1+2&b=x&b=y');
  });

  test('a Map header entry with CR/LF is still a RequestError', async () => {
    const api = createClient(Api, { baseURL: servers.server.url });
    await expect(api.maps(undefined, new Map([['x-evil', 'a\r\nb']]))).rejects.toBeInstanceOf(RequestError);
    expect(servers.server.received).toHaveLength(0);
  });

  test('a multipart call whose parts are all null is a RequestError, nothing sent', async () => {
    const api = createClient(Api, { baseURL: servers.server.url });
    await expect(api.parts(null, undefined)).rejects.toBeInstanceOf(RequestError);
    await expect(api.upload({ a: null, b: undefined })).rejects.toBeInstanceOf(RequestError);
    expect(servers.server.received).toHaveLength(0);
  });
});
