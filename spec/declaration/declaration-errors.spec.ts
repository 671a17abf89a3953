import 'reflect-metadata';
import {
  Auth,
  BasePath,
  Body,
  CallOptions,
  DeclarationError,
  Delete,
  Field,
  FieldMap,
  FormUrlEncoded,
  Get,
  Head,
  Header,
  Headers,
  Http,
  Multipart,
  Part,
  Path,
  Post,
  Put,
  Query,
  RateLimit,
  ResponseType,
  Retry,
  RestClient,
  Returns,
  Timeout,
  Url,
  bearerAuth,
  createClient,
  declared,
  type RestClientOptions,
} from 'restfit';

const baseURL = 'http://127.0.0.1:1';

/** create() must throw a DeclarationError with exactly this message. */
function expectDeclarationError(
  Service: new () => object,
  message: string,
  options: RestClientOptions = { baseURL },
) {
  let thrown: unknown;
  try {
    createClient(Service, options);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DeclarationError);
  expect((thrown as DeclarationError).message).toBe(message);
  expect((thrown as DeclarationError).code).toBe('DECLARATION_ERROR');
}

describe('path placeholders and @Path', () => {
  test('{name} without a @Path, hinting at the same-named parameter', () => {
    class UsersApi {
      @Get('/users/{id}')
      getUser(@Query('id') id: number): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      UsersApi,
      `UsersApi.getUser: URL "/users/{id}" has {id} but no @Path('id') parameter (parameter 0 is @Query('id')) — add @Path('id')`,
    );
  });

  test('{name} without any matching parameter', () => {
    class UsersApi {
      @Get('/users/{id}')
      getUser(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      UsersApi,
      `UsersApi.getUser: URL "/users/{id}" has {id} but no @Path('id') parameter — add @Path('id')`,
    );
  });

  test('a placeholder in the @BasePath counts too', () => {
    @BasePath('/orgs/{org}')
    class Repos {
      @Get('/repos')
      list(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Repos,
      `Repos.list: URL "/orgs/{org}/repos" has {org} but no @Path('org') parameter — add @Path('org')`,
    );
  });

  test('@Path with no {name} in the URL', () => {
    class UsersApi {
      @Get('/users')
      list(@Path('id') id: number): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      UsersApi,
      `UsersApi.list: @Path('id') (parameter 0 "id") has no {id} in URL "/users" — add {id} to the path or remove the parameter`,
    );
  });

  test('the same @Path twice', () => {
    class Api {
      @Get('/a/{id}')
      m(@Path('id') a: string, @Path('id') b: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, `Api.m: @Path('id') appears on parameters 0 and 1 — use it once`);
  });

  test('an empty name', () => {
    class Api {
      @Get('/a')
      m(@Query('') q: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, `Api.m: @Query('') (parameter 0 "q") needs a non-empty name`);
  });

  test.each([
    ['/a/{b c}', `Api.m: path "/a/{b c}" has an invalid placeholder {b c}`],
    ['/a/{id}/{id}', `Api.m: path "/a/{id}/{id}" has {id} twice`],
    ['/a/{id', `Api.m: path "/a/{id" has an unbalanced "{" or "}"`],
    ['/a#x', `Api.m: path "/a#x" may not contain "#": a fragment is never sent to the server — remove it`],
    ['/a/../b', `Api.m: path "/a/../b" contains a "." or ".." segment`],
    [
      'https://api.example.com/a',
      `Api.m: path "https://api.example.com/a" is an absolute URL; declare a relative path and set baseURL, or use an @Url() parameter`,
    ],
    [
      '//evil.example/a',
      `Api.m: path "//evil.example/a" is an absolute URL; declare a relative path and set baseURL, or use an @Url() parameter`,
    ],
  ])('a bad path template %s', (path, message) => {
    class Api {
      @Get(path)
      m(@Path('id') id: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, message);
  });
});

describe('bodies', () => {
  test('two @Body', () => {
    class Api {
      @Post('/a')
      m(@Body() a: unknown, @Body() b: unknown): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: only one @Body() is allowed, found @Body() (parameter 0 "a") and @Body() (parameter 1 "b") — merge them into one object`,
    );
  });

  test('@Body with @Field', () => {
    class Api {
      @Post('/a')
      @FormUrlEncoded()
      m(@Body() body: unknown, @Field('name') name: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @Body() (parameter 0 "body") cannot be combined with @Field('name') (parameter 1 "name") — use either @Body or @Field`,
    );
  });

  test('@Body with @Part', () => {
    class Api {
      @Post('/a')
      @Multipart()
      m(@Part('file') file: Buffer, @Body() body: unknown): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @Body() (parameter 1 "body") cannot be combined with @Part('file') (parameter 0 "file") — use either @Body or @Part`,
    );
  });

  test('@Field without @FormUrlEncoded', () => {
    class Api {
      @Post('/a')
      m(@Field('name') name: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @Field('name') (parameter 0 "name") needs @FormUrlEncoded() on the method or class`,
    );
  });

  test('@FieldMap without @FormUrlEncoded', () => {
    class Api {
      @Post('/a')
      m(@FieldMap() fields: Record<string, string>): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @FieldMap() (parameter 0 "fields") needs @FormUrlEncoded() on the method or class`,
    );
  });

  test('@Part without @Multipart (even with @FormUrlEncoded)', () => {
    class Api {
      @Post('/a')
      @FormUrlEncoded()
      m(@Part('file') file: Buffer): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @Part('file') (parameter 0 "file") needs @Multipart() on the method or class`,
    );
  });

  test('@FormUrlEncoded with nothing to encode', () => {
    class Api {
      @Post('/a')
      @FormUrlEncoded()
      m(@Query('q') q: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @FormUrlEncoded() needs at least one @Field, @FieldMap or @Body parameter`,
    );
  });

  test('@Multipart with nothing to encode', () => {
    class Api {
      @Put('/a')
      @Multipart()
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, `Api.m: @Multipart() needs at least one @Part or @Body parameter`);
  });

  test('@FormUrlEncoded and @Multipart on one method', () => {
    class Api {
      @Post('/a')
      @FormUrlEncoded()
      @Multipart()
      m(@Part('f') f: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, `Api.m: has both @FormUrlEncoded() and @Multipart() — keep one`);
  });

  test('@FormUrlEncoded and @Multipart on one class', () => {
    @FormUrlEncoded()
    @Multipart()
    class Api {
      @Post('/a')
      m(@Part('f') f: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, `Api: the class has both @FormUrlEncoded() and @Multipart() — keep one`);
  });

  test.each([
    ['GET', Get],
    ['HEAD', Head],
  ])('a body on %s', (method, decorator) => {
    class Api {
      @decorator('/a')
      m(@Body() body: unknown): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @Body() (parameter 0 "body"): a ${method} request cannot have a body — use @Query, or @Http('${method}', path, { hasBody: true })`,
    );
  });

  test('a @Field on GET', () => {
    class Api {
      @Get('/a')
      @FormUrlEncoded()
      m(@Field('a') a: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @Field('a') (parameter 0 "a"): a GET request cannot have a body — use @Query, or @Http('GET', path, { hasBody: true })`,
    );
  });

  test('@FormUrlEncoded on a GET method', () => {
    class Api {
      @Get('/a')
      @FormUrlEncoded()
      m(@Query('a') a: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @FormUrlEncoded(): a GET request cannot have a body — remove it, or use @Http('GET', path, { hasBody: true })`,
    );
  });
});

describe('parameters', () => {
  test('an undecorated parameter', () => {
    class Api {
      @Get('/a')
      m(@Query('a') a: string, page: number): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: parameter 1 "page" has no restfit decorator — add one of @Path, @Query, @QueryMap, @Header, @HeaderMap, @Body, @Field, @FieldMap, @Part, @Url or @CallOptions`,
    );
  });

  test('an undecorated optional parameter, and one with a default value', () => {
    class Api {
      @Get('/a')
      m(page = 1, size?: number): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: parameter 0 "page" has no restfit decorator — add one of @Path, @Query, @QueryMap, @Header, @HeaderMap, @Body, @Field, @FieldMap, @Part, @Url or @CallOptions`,
    );
  });

  test('a default value on a declared parameter (it could never apply)', () => {
    class Api {
      @Get('/a')
      m(@Query('q') q: string, @Query('page') page = 1): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: parameter 1 "page" has a default value (= 1), which restfit cannot apply because a declared method's body never runs — make it optional (page?: …) or set the default in an ordinary method that calls this one`,
    );
  });

  test('defaults inside a destructured type or a string do not confuse the check', () => {
    class Api {
      @Post('/a')
      m(@Body() body: { a?: number }, @Header('X-Eq') eq?: string): Promise<unknown> {
        return declared();
      }
    }
    expect(() => createClient(Api, { baseURL })).not.toThrow();
  });

  test('two decorators on one parameter', () => {
    class Api {
      @Get('/a/{id}')
      m(@Path('id') @Query('id') id: string): Promise<unknown> {
        return declared();
      }
    }
    // Decorators apply bottom-up: @Query is recorded first, then @Path.
    expectDeclarationError(
      Api,
      `Api.m: parameter 0 "id" has both @Path('id') and @Query('id') — a parameter takes one restfit decorator`,
    );
  });

  test('two @Url', () => {
    class Api {
      @Get()
      m(@Url() a: string, @Url() b: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: only one @Url() parameter is allowed, found @Url() (parameter 0 "a") and @Url() (parameter 1 "b") — keep one`,
    );
  });

  test('@Url with a path in the HTTP method decorator', () => {
    class Api {
      @Get('/users')
      m(@Url() url: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @Url() (parameter 0 "url") replaces the URL, so @Get('/users') must have no path — use @Get()`,
    );
  });

  test('@Url with @Path', () => {
    class Api {
      @Delete()
      m(@Url() url: string, @Path('id') id: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @Path('id') (parameter 1 "id") cannot be used with @Url(), which gives the whole URL — build the URL yourself or drop @Url()`,
    );
  });

  test('two @CallOptions', () => {
    class Api {
      @Get('/a')
      m(@CallOptions() a?: CallOptions, @CallOptions() b?: CallOptions): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: only one @CallOptions() is allowed, found @CallOptions() (parameter 0 "a") and @CallOptions() (parameter 1 "b") — keep one`,
    );
  });

  test('a decorator on a constructor parameter', () => {
    class Api {
      constructor(@Query('q') readonly q?: string) {}
      @Get('/a')
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api as new () => object,
      `Api: restfit decorators on constructor parameter 0 are never used — put them on an instance method and its parameters`,
    );
  });

  test('decorators on a static method', () => {
    class Api {
      @Get('/s')
      static find(@Query('q') q: string): Promise<unknown> {
        return declared();
      }
      @Get('/a')
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api: restfit decorators on static method "find" are never used — put them on an instance method and its parameters`,
    );
  });
});

describe('headers', () => {
  test.each(['X Trace', 'X:Trace', 'é', ''])('an invalid @Header name %j', (name) => {
    class Api {
      @Get('/a')
      m(@Header(name) h: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      name === ''
        ? `Api.m: @Header('') (parameter 0 "h") needs a non-empty name`
        : `Api.m: @Header('${name}') (parameter 0 "h") is not a valid header name — use letters, digits and !#$%&'*+-.^_\`|~ only`,
    );
  });

  test('CR/LF in a @Header name', () => {
    class Api {
      @Get('/a')
      m(@Header('X-A\r\nX-B') h: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, `Api.m: @Header('X-A\r\nX-B') (parameter 0 "h") contains CR, LF or NUL`);
  });

  test('an invalid @Headers name', () => {
    @Headers({ 'Bad Name': '1' })
    class Api {
      @Get('/a')
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @Headers: invalid header name "Bad Name" — use letters, digits and !#$%&'*+-.^_\`|~ only`,
    );
  });

  test('CR/LF in a @Headers value', () => {
    class Api {
      @Get('/a')
      @Headers({ 'X-A': 'ok\r\nX-Injected: 1' })
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, `Api.m: @Headers: header "X-A" contains CR, LF or NUL`);
  });

  test('CR/LF in a static @Part filename or content type', () => {
    class Api {
      @Post('/a')
      @Multipart()
      m(@Part('f', { filename: 'a\r\n.txt' }) f: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @Part('f') (parameter 0 "f"): filename "a\\r\\n.txt" contains CR, LF or NUL`,
    );
  });
});

describe('HTTP method', () => {
  test('decorators without an HTTP method', () => {
    class Api {
      @Get('/ok')
      ok(): Promise<unknown> {
        return declared();
      }
      @Timeout(5)
      forgot(@Query('q') q: string): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.forgot: has restfit decorators but no HTTP method — add @Get, @Post, @Put, @Patch, @Delete, @Head, @Options or @Http`,
    );
  });

  test('two HTTP methods on one method', () => {
    class Api {
      @Get('/a')
      @Post('/b')
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, `Api.m: has both @Get('/a') and @Post('/b') — keep one`);
  });

  test('an invalid @Http method name', () => {
    class Api {
      @Http('GE T', '/a')
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, `Api.m: "GE T" is not a valid HTTP method name`);
  });

  test('decorators on a getter', () => {
    class Api {
      @Get('/ok')
      ok(): Promise<unknown> {
        return declared();
      }
      @Get('/a')
      get value(): Promise<unknown> {
        throw new Error('the getter must not run');
      }
    }
    expectDeclarationError(
      Api,
      `Api.value: restfit decorators are only allowed on methods, not on getters, setters or fields`,
    );
  });

  test('a class with no declared methods', () => {
    class Nothing {
      helper() {
        return 1;
      }
    }
    expectDeclarationError(
      Nothing,
      `Nothing: no method is declared — decorate at least one method with @Get, @Post, @Put, @Patch, @Delete, @Head, @Options or @Http`,
    );
  });

  test('not a class at all', () => {
    expect(() => createClient(undefined as never)).toThrow(
      new DeclarationError('createClient: expected a service class, got undefined'),
    );
  });
});

describe('behaviour decorators', () => {
  test.each([
    [-1, `Api.m: @Timeout(-1) must be a number of milliseconds ≥ 0 (0 disables the timeout)`],
    [NaN, `Api.m: @Timeout(NaN) must be a number of milliseconds ≥ 0 (0 disables the timeout)`],
    [Infinity, `Api.m: @Timeout(Infinity) must be a number of milliseconds ≥ 0 (0 disables the timeout)`],
  ])('@Timeout(%p)', (ms, message) => {
    class Api {
      @Get('/a')
      @Timeout(ms)
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, message);
  });

  test('a bad class-level @Timeout is reported for the method that inherits it', () => {
    @Timeout(-5)
    class Api {
      @Get('/a')
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @Timeout(-5) must be a number of milliseconds ≥ 0 (0 disables the timeout)`,
    );
  });

  test.each([
    [{ requests: 0, perMs: 1000 }, 'requests must be a whole number > 0, got 0'],
    [{ requests: 1.5, perMs: 1000 }, 'requests must be a whole number > 0, got 1.5'],
    [{ requests: 5, perMs: 0 }, 'perMs must be a number of milliseconds > 0, got 0'],
    [{ requests: 5, perMs: 1000, wait: 'yes' }, 'wait must be true or false'],
  ])('@RateLimit(%j)', (limit, problem) => {
    class Api {
      @Get('/a')
      @RateLimit(limit as never)
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, `Api.m: @RateLimit: ${problem}`);
  });

  test.each([
    [{ limit: -1 }, 'limit must be a whole number ≥ 0, got -1'],
    [{ limit: 1.5 }, 'limit must be a whole number ≥ 0, got 1.5'],
    [
      { retries: 3 },
      'has no option "retries" (known: limit, methods, statusCodes, networkErrors, timeouts, backoff, maxRetryAfterMs, deadlineMs, retryIf)',
    ],
    [{ statusCodes: [500, 1000] }, 'statusCodes must be an array of HTTP statuses (100–599)'],
    [{ methods: 'GET' }, 'methods must be an array of HTTP method names'],
    [{ backoff: { baseMs: -1 } }, 'backoff.baseMs must be a number of milliseconds ≥ 0, got -1'],
    [{ deadlineMs: 0 }, 'deadlineMs must be a number of milliseconds > 0, got 0'],
    [{ retryIf: true }, 'retryIf must be a function'],
    [{ timeouts: 'no' }, 'timeouts must be true or false'],
  ])('@Retry(%j)', (policy, problem) => {
    class Api {
      @Get('/a')
      @Retry(policy as never)
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, `Api.m: @Retry on the method: ${problem}`);
  });

  test('a bad class-level @Retry is found even when the method has its own', () => {
    @Retry({ limit: -2 })
    class Api {
      @Get('/a')
      @Retry({ limit: 1 })
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, `Api.m: @Retry on the class: limit must be a whole number ≥ 0, got -2`);
  });

  test('@Returns with a non-JSON @ResponseType', () => {
    class User {}
    class Api {
      @Get('/a')
      @Returns(User)
      @ResponseType('text')
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @Returns maps JSON, but @ResponseType('text') is not JSON — remove one of them`,
    );
  });

  test('an unknown @ResponseType', () => {
    class Api {
      @Get('/a')
      @ResponseType('xml' as never)
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(Api, `Api.m: @ResponseType('xml') must be one of auto, json, text, bytes, stream`);
  });
});

describe('client options checked at create()', () => {
  class Secured {
    @Get('/a')
    @Auth('admin')
    m(): Promise<unknown> {
      return declared();
    }
  }

  test("@Auth('x') when the auth map has no x", () => {
    expectDeclarationError(
      Secured,
      `Secured.m: @Auth('admin') has no provider "admin" in the auth option (known: user, service) — add auth: { admin: provider } or name a known one`,
      { baseURL, auth: { user: bearerAuth('u'), service: bearerAuth('s') } },
    );
  });

  test("@Auth('x') when the client has no auth at all", () => {
    expectDeclarationError(
      Secured,
      `Secured.m: @Auth('admin') but the client has no auth option — add auth: { admin: provider }`,
    );
  });

  test("@Auth('x') when auth is a single provider", () => {
    expectDeclarationError(
      Secured,
      `Secured.m: @Auth('admin') names a provider, but the auth option is a single provider — pass auth: { admin: provider }`,
      { baseURL, auth: bearerAuth('t') },
    );
  });

  test('@Auth() without a name when auth is a map without "default"', () => {
    class Api {
      @Get('/a')
      @Auth()
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: @Auth() without a name, but auth is a map of user, service — use @Auth('name') or add a "default" provider`,
      { baseURL, auth: { user: bearerAuth('u'), service: bearerAuth('s') } },
    );
  });

  test('no baseURL and no @Url', () => {
    class Api {
      @Get('/a')
      m(): Promise<unknown> {
        return declared();
      }
    }
    expectDeclarationError(
      Api,
      `Api.m: no baseURL — set the baseURL option (or the axios instance's baseURL), or use an @Url() parameter`,
      {},
    );
  });

  test.each([
    [{ timeout: -1 }, 'RestClient: timeout must be a number of milliseconds ≥ 0 (0 disables it), got -1'],
    [{ responseMode: 'raw' }, `RestClient: responseMode must be 'body' or 'full', got "raw"`],
    [{ retry: { limit: -1 } }, 'RestClient: retry: limit must be a whole number ≥ 0, got -1'],
    [
      { rateLimit: { requests: 0, perMs: 1 } },
      'RestClient: rateLimit: requests must be a whole number > 0, got 0',
    ],
    [{ headers: { 'Bad Name': 'x' } }, `RestClient: headers: invalid header name "Bad Name"`],
    [{ headers: { 'X-A': 'a\nb' } }, 'RestClient: headers: header "X-A" contains CR, LF or NUL'],
    [{ maxRedirects: -1 }, 'RestClient: maxRedirects must be a whole number ≥ 0, got -1'],
  ])('bad option %j', (options, message) => {
    expect(() => new RestClient({ baseURL, ...(options as RestClientOptions) })).toThrow(
      new DeclarationError(message),
    );
  });
});

test('declaring is checked once per class: a valid class after a broken one still works', () => {
  class Broken {
    @Get('/{x}')
    m(): Promise<unknown> {
      return declared();
    }
  }
  class Fine {
    @Get('/x')
    m(): Promise<unknown> {
      return declared();
    }
  }
  expect(() => createClient(Broken, { baseURL })).toThrow(DeclarationError);
  expect(() => createClient(Broken, { baseURL })).toThrow(DeclarationError);
  expect(() => createClient(Fine, { baseURL })).not.toThrow();
});
