import 'reflect-metadata';
import { BasePath, Get, Path, RequestError, createClient, declared } from 'restfit';
import { startServer, type TestServer } from '../support/test-server';

class Files {
  @Get('/files/{name}')
  get(@Path('name') name: unknown): Promise<unknown> {
    return declared();
  }

  @Get('/raw/{path}/end')
  raw(@Path('path', { encoded: true }) path: string): Promise<unknown> {
    return declared();
  }

  @Get('{first}/tail')
  leading(@Path('first') first: string): Promise<unknown> {
    return declared();
  }

  @Get('{first}')
  leadingEncoded(@Path('first', { encoded: true }) first: string): Promise<unknown> {
    return declared();
  }

  @Get('users')
  relative(): Promise<unknown> {
    return declared();
  }

  @Get('/a/{x}/b/{y}')
  two(@Path('y') y: string, @Path('x') x: string): Promise<unknown> {
    return declared();
  }
}

@BasePath('/v1/')
class Versioned {
  @Get('/items/{id}')
  item(@Path('id') id: number): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
let api: Files;
beforeAll(async () => {
  server = await startServer();
  api = createClient(Files, { baseURL: server.url });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const lastPath = () => server.received[server.received.length - 1].path;

describe('@Path values are percent-encoded as one segment', () => {
  test.each([
    ['a/b?c#d', '/files/a%2Fb%3Fc%23d'],
    ['%2e%2e', '/files/%252e%252e'],
    ['%2F', '/files/%252F'],
    ['é', '/files/%C3%A9'],
    ['a b', '/files/a%20b'],
    ['a+b', '/files/a%2Bb'],
    ['back\\slash', '/files/back%5Cslash'],
    ['...', '/files/...'],
    ['.hidden', '/files/.hidden'],
    ['@evil', '/files/%40evil'],
    ['//evil.example/x', '/files/%2F%2Fevil.example%2Fx'],
    ['http://evil', '/files/http%3A%2F%2Fevil'],
    ['new\nline', '/files/new%0Aline'],
  ])('%j is sent as %s', async (value, expected) => {
    await api.get(value);
    expect(server.received).toHaveLength(1);
    expect(lastPath()).toBe(expected);
  });

  test('numbers, 0, false and Dates are written as text', async () => {
    await api.get(0);
    await api.get(false);
    await api.get(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
    expect(server.received.map((r) => r.path)).toEqual([
      '/files/0',
      '/files/false',
      '/files/2024-01-02T03%3A04%3A05.000Z',
    ]);
  });

  test('placeholders are filled by name, whatever the parameter order', async () => {
    await api.two('Y', 'X');
    expect(lastPath()).toBe('/a/X/b/Y');
  });

  test('a BasePath and a trailing slash join with exactly one slash', async () => {
    const versioned = createClient(Versioned, { baseURL: `${server.url}/api/` });
    await versioned.item(7);
    expect(lastPath()).toBe('/api/v1/items/7');
  });

  test('a path declared without a leading slash is still relative to the base URL', async () => {
    await api.relative();
    await api.leading('x');
    expect(server.received.map((r) => r.path)).toEqual(['/users', '/x/tail']);
  });
});

describe('dot segments are refused before anything is sent', () => {
  test.each(['.', '..'])('%j', async (value) => {
    await expect(api.get(value)).rejects.toThrow(
      new RequestError(
        `Files.get: @Path('name') (parameter 0 "name"): "." and ".." are not allowed as path segments (path traversal)`,
      ),
    );
    expect(server.received).toHaveLength(0);
  });

  test.each(['..', 'a/../b', 'a/./b', '%2e%2e', 'a/%2E%2e/b', '.%2e', '%2e'])(
    '%j with encoded: true',
    async (value) => {
      await expect(api.raw(value)).rejects.toBeInstanceOf(RequestError);
      expect(server.received).toHaveLength(0);
    },
  );

  test('null and undefined path values are refused', async () => {
    await expect(api.get(undefined)).rejects.toThrow(
      `Files.get: @Path('name') (parameter 0 "name"): a path value is required, got undefined`,
    );
    await expect(api.get(null)).rejects.toThrow(RequestError);
    // DELETE /users/{id} with id "" must not become DELETE /users/
    await expect(api.get('')).rejects.toThrow(
      `Files.get: @Path('name') (parameter 0 "name"): a path value is required, got an empty string`,
    );
    expect(server.received).toHaveLength(0);
  });
});

describe('encoded: true', () => {
  test('keeps slashes and escapes as given', async () => {
    await api.raw('a/b%20c/%C3%A9');
    expect(lastPath()).toBe('/raw/a/b%20c/%C3%A9/end');
  });

  test('may be empty', async () => {
    await api.raw('');
    expect(lastPath()).toBe('/raw//end');
  });

  test.each(['a?b', 'a#b', 'a b', 'a\\b', 'a\nb', 'a\0b'])(
    'refuses %j, which would restructure the URL',
    async (value) => {
      await expect(api.raw(value)).rejects.toBeInstanceOf(RequestError);
      expect(server.received).toHaveLength(0);
    },
  );
});

describe('a path value never moves the call to another origin', () => {
  test.each(['//evil.example/x', 'http://evil', '@evil', '.evil.example', ':1/x'])(
    '%j at the start of the path stays on the base origin',
    async (value) => {
      server.reset();
      await Promise.allSettled([api.leading(value), api.leadingEncoded(value)]);
      // Whatever was accepted reached our server, with the value inside the path.
      for (const r of server.received) {
        expect(r.headers.host).toBe(`127.0.0.1:${server.port}`);
        expect(r.path.startsWith('/')).toBe(true);
      }
      expect(server.received.length).toBeGreaterThanOrEqual(1);
    },
  );

  test('with a host-only baseURL, a leading placeholder cannot extend the host name', async () => {
    // baseURL "https://api.example.com" + ".evil.com" must never become https://api.example.com.evil.com
    const seen: string[] = [];
    const probe = createClient(Files, {
      baseURL: 'https://api.example.com',
      interceptors: [
        async (request) => {
          seen.push(request.url);
          throw new Error('stop');
        },
      ],
    });
    await expect(probe.leadingEncoded('.evil.com')).rejects.toThrow();
    await expect(probe.leading('.evil.com')).rejects.toThrow();
    await expect(probe.leadingEncoded('@evil.com')).rejects.toThrow();
    for (const url of seen) expect(new URL(url).origin).toBe('https://api.example.com');
  });
});
