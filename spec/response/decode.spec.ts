import 'reflect-metadata';
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Transform, Type } from 'class-transformer';
import {
  CallOptions,
  DecodeError,
  Get,
  Head,
  ResponseType,
  Returns,
  createClient,
  declared,
  type ApiResponse,
} from 'restfit';
import { startServer, json, text, type TestServer } from '../support/test-server';
import { readAll } from './support/read-all';

class Item {
  id!: number;
  @Type(() => Date) createdAt!: Date;
  get label() {
    return `item ${this.id}`;
  }
}

class Exploding {
  @Transform(() => {
    throw new Error('cannot convert the price');
  })
  price!: number;
}

class Api {
  @Get('/body') auto(): Promise<any> {
    return declared();
  }
  @Get('/body') @ResponseType('json') asJson(): Promise<any> {
    return declared();
  }
  @Get('/body') @ResponseType('text') asText(): Promise<any> {
    return declared();
  }
  @Get('/body') @ResponseType('bytes') asBytes(): Promise<any> {
    return declared();
  }
  @Get('/body') @ResponseType('stream') asStream(): Promise<Readable> {
    return declared();
  }
  @Head('/body') head(): Promise<any> {
    return declared();
  }
  @Get('/body') @Returns(Item) item(): Promise<Item> {
    return declared();
  }
  @Get('/body') @Returns([Item]) items(): Promise<Item[]> {
    return declared();
  }
  @Get('/body') @Returns(Exploding) exploding(@CallOptions() _options?: CallOptions): Promise<Exploding> {
    return declared();
  }
}

let server: TestServer;
let api: Api;
beforeAll(async () => {
  server = await startServer();
  api = createClient(Api, { baseURL: server.url, retry: false });
});
afterEach(() => server.reset());
afterAll(() => server.close());

/** 1 MiB of random bytes that is certainly not valid UTF-8. */
function randomBinary(): Buffer {
  const bytes = randomBytes(1024 * 1024);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  bytes[bytes.length - 1] = 0xc3; // a truncated two-byte sequence
  return bytes;
}

describe("'auto' decoding by content type", () => {
  test.each([
    ['application/json', '{"a":1}', { a: 1 }],
    ['application/json; charset=utf-8', '[1,2]', [1, 2]],
    ['application/problem+json', '{"title":"t"}', { title: 't' }],
    ['application/vnd.api+json', '{"data":null}', { data: null }],
    ['text/json', '{"a":true}', { a: true }],
  ])('%s is parsed as JSON', async (type, body, expected) => {
    server.handle(text(200, body, { 'content-type': type }));
    await expect(api.auto()).resolves.toEqual(expected);
  });

  test.each([
    ['text/plain', '{"a":1}'],
    ['text/html; charset=utf-8', '<h1>hello</h1>'],
    ['text/csv', 'a,b\n1,2'],
    ['application/xml', '<a>1</a>'],
  ])('%s is a string, even when it looks like JSON', async (type, body) => {
    server.handle(text(200, body, { 'content-type': type }));
    await expect(api.auto()).resolves.toBe(body);
  });

  test('text in the charset the content type names', async () => {
    server.handle(
      text(200, Buffer.from('café naïve', 'latin1'), { 'content-type': 'text/plain; charset=ISO-8859-1' }),
    );
    await expect(api.auto()).resolves.toBe('café naïve');
  });

  test.each([
    'application/octet-stream',
    'image/png',
    'application/pdf',
    'application/zip',
    'audio/mpeg',
    'video/mp4',
  ])('%s is a Buffer', async (type) => {
    const body = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    server.handle(text(200, body, { 'content-type': type }));
    const data = await api.auto();
    expect(Buffer.isBuffer(data)).toBe(true);
    expect(data.equals(body)).toBe(true);
  });

  test('a body without a content type that parses as JSON is JSON', async () => {
    server.handle(text(200, ' {"a":[1,2]} '));
    await expect(api.auto()).resolves.toEqual({ a: [1, 2] });
    expect(server.received).toHaveLength(1);
  });

  test('a body without a content type that is not JSON is text, or bytes when it is not UTF-8', async () => {
    server.handle(text(200, 'hello {'));
    await expect(api.auto()).resolves.toBe('hello {');
    server.handle(text(200, '{ not json'));
    await expect(api.auto()).resolves.toBe('{ not json');
    const binary = Buffer.from([0x00, 0xff, 0xfe, 0x80]);
    server.handle(text(200, binary));
    const data = await api.auto();
    expect(Buffer.isBuffer(data) && data.equals(binary)).toBe(true);
  });
});

describe('no body', () => {
  test('204 resolves undefined', async () => {
    server.handle((_req, res) => {
      res.writeHead(204, { 'content-type': 'application/json' });
      res.end();
    });
    await expect(api.auto()).resolves.toBeUndefined();
    await expect(api.asJson()).resolves.toBeUndefined();
  });

  test('205 resolves undefined', async () => {
    server.handle(text(205, ''));
    await expect(api.auto()).resolves.toBeUndefined();
  });

  test('HEAD resolves undefined although the headers announce a JSON body', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '7' });
      res.end();
    });
    await expect(api.head()).resolves.toBeUndefined();
    expect(server.received[0].method).toBe('HEAD');
  });

  test('an empty 200 that claims JSON resolves undefined, not a DecodeError', async () => {
    server.handle(text(200, '', { 'content-type': 'application/json' }));
    await expect(api.auto()).resolves.toBeUndefined();
  });

  test("'text' gives an empty string and 'bytes' an empty Buffer", async () => {
    server.handle(text(200, '', { 'content-type': 'application/json' }));
    await expect(api.asText()).resolves.toBe('');
    const bytes = await api.asBytes();
    expect(Buffer.isBuffer(bytes) && bytes.length === 0).toBe(true);
  });
});

describe('tolerant JSON', () => {
  test.each([
    ['a UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')])],
    ['an XSSI prefix', Buffer.from(')]}\'\n{"a":1}')],
    ['an XSSI prefix with a comma', Buffer.from(')]}\',\n{"a":1}')],
    [
      'a BOM, whitespace and an XSSI prefix',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('  )]}\'\r\n {"a":1}\n')]),
    ],
    ['surrounding whitespace', Buffer.from('\n\t  {"a":1}  \r\n')],
  ])('%s is accepted', async (_name, body) => {
    server.handle(text(200, body, { 'content-type': 'application/json' }));
    await expect(api.auto()).resolves.toEqual({ a: 1 });
  });

  test('an XSSI prefix is accepted on a body without a content type', async () => {
    server.handle(text(200, ")]}'\n[1]"));
    await expect(api.auto()).resolves.toEqual([1]);
  });
});

describe('a body that claims JSON and is not', () => {
  test('truncated JSON is a DecodeError with the status, a snippet and the cause, never a string', async () => {
    server.handle(text(200, '{"items":[{"id":1},{"id":', { 'content-type': 'application/json' }));
    const error: DecodeError = await api.auto().then(
      () => {
        throw new Error('resolved');
      },
      (e) => e,
    );
    expect(error).toBeInstanceOf(DecodeError);
    expect(error.code).toBe('DECODE_ERROR');
    expect(error.status).toBe(200);
    expect(error.snippet).toBe('{"items":[{"id":1},{"id":');
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.body?.toString()).toBe('{"items":[{"id":1},{"id":');
    expect(error.message).toBe(
      `Api.auto: the body is not valid JSON (HTTP 200, application/json, 25 bytes, GET ${server.url}/body): {"items":[{"id":1},{"id":`,
    );
    expect(error.request).toEqual({
      method: 'GET',
      url: `${server.url}/body`,
      service: 'Api',
      operation: 'auto',
    });
    expect(error.attempts).toBe(1);
  });

  test('an HTML page sent as application/json is a DecodeError whose snippet is one short line', async () => {
    const page = `<!doctype html>\n<html>\n  <body>${'x'.repeat(500)}</body>\n</html>`;
    server.handle(text(200, page, { 'content-type': 'application/json' }));
    const error = await api.auto().catch((e) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect(error.snippet).toBe(`<!doctype html> <html> <body>${'x'.repeat(91)}…`);
    expect(error.snippet).toHaveLength(121);
  });

  test('the snippet never shows the value of a secret-looking field', async () => {
    server.handle(
      text(200, '{"access_token":"tok-ABC-123","user":"ann",', { 'content-type': 'application/json' }),
    );
    const error = await api.auto().catch((e) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect(error.snippet).toBe('{"access_token":"[REDACTED]","user":"ann",');
    expect(error.message).not.toContain('tok-ABC-123');
  });
});

describe('forcing a kind', () => {
  test("'json' parses a body labelled text/plain; a body that is not JSON is a DecodeError", async () => {
    server.handle(text(200, '{"a":1}', { 'content-type': 'text/plain' }));
    await expect(api.asJson()).resolves.toEqual({ a: 1 });
    server.handle(text(200, 'plain words', { 'content-type': 'text/plain' }));
    await expect(api.asJson()).rejects.toMatchObject({
      name: 'DecodeError',
      code: 'DECODE_ERROR',
      status: 200,
      snippet: 'plain words',
    });
  });

  test("'text' keeps a JSON body as its raw string", async () => {
    server.handle(text(200, '{ "a" : 1 }', { 'content-type': 'application/json' }));
    await expect(api.asText()).resolves.toBe('{ "a" : 1 }');
  });

  test("'bytes' returns the exact bytes whatever the content type says", async () => {
    server.handle(text(200, '{"a":1}', { 'content-type': 'application/json' }));
    const data = await api.asBytes();
    expect(Buffer.isBuffer(data)).toBe(true);
    expect(data.toString()).toBe('{"a":1}');
  });

  test("'stream' resolves a Node Readable with the body", async () => {
    server.handle(text(200, 'line 1\nline 2\n', { 'content-type': 'text/plain' }));
    const stream = await api.asStream();
    expect(typeof stream.pipe).toBe('function');
    expect((await readAll(stream)).toString()).toBe('line 1\nline 2\n');
  });
});

describe('binary bodies are byte-exact', () => {
  const body = randomBinary();
  beforeEach(() => {
    expect(isUtf8(body)).toBe(false);
  });

  test("1 MiB of random bytes through 'bytes'", async () => {
    server.handle(text(200, body, { 'content-type': 'application/json' }));
    const data: Buffer = await api.asBytes();
    expect(data.length).toBe(body.length);
    expect(data.equals(body)).toBe(true);
  });

  test("1 MiB of random bytes through 'auto' with application/octet-stream", async () => {
    server.handle(text(200, body, { 'content-type': 'application/octet-stream' }));
    const data: Buffer = await api.auto();
    expect(Buffer.isBuffer(data)).toBe(true);
    expect(data.equals(body)).toBe(true);
  });

  test("1 MiB of random bytes through 'stream'", async () => {
    server.handle(text(200, body, { 'content-type': 'application/octet-stream' }));
    expect((await readAll(await api.asStream())).equals(body)).toBe(true);
  });
});

describe('decoded JSON cannot pollute prototypes', () => {
  const bodies = [
    '{"__proto__":{"polluted":1},"id":1}',
    '{"constructor":{"prototype":{"polluted":1}},"id":1}',
    '{"id":1,"nested":{"__proto__":{"polluted":1}},"list":[{"__proto__":{"polluted":1}}]}',
  ];
  afterEach(() => {
    expect(({} as any).polluted).toBeUndefined();
    expect((Object.prototype as any).polluted).toBeUndefined();
  });

  function expectHarmless(data: any): void {
    expect(data.id).toBe(1);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(data.polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(data, '__proto__')).toBe(false);
    // What a careless consumer does next must stay harmless too.
    const merged = Object.assign({}, data, data.nested, ...(data.list ?? []));
    expect(merged.polluted).toBeUndefined();
  }

  test.each(bodies)('plain decoding of %s', async (body) => {
    server.handle(text(200, body, { 'content-type': 'application/json' }));
    expectHarmless(await api.auto());
  });

  test.each(bodies)('decoding without a content type of %s', async (body) => {
    server.handle(text(200, body));
    expectHarmless(await api.auto());
  });

  test.each(bodies)('@Returns of %s', async (body) => {
    server.handle(text(200, body, { 'content-type': 'application/json' }));
    const item = await api.item();
    expect(item).toBeInstanceOf(Item);
    expect(Object.getPrototypeOf(item)).toBe(Item.prototype);
    expect((item as any).polluted).toBeUndefined();
    expect((Item.prototype as any).polluted).toBeUndefined();
  });

  test('@Returns([Item]) of an array of polluting objects', async () => {
    server.handle(text(200, `[${bodies.join(',')}]`, { 'content-type': 'application/json' }));
    const items = await api.items();
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(item).toBeInstanceOf(Item);
      expect((item as any).polluted).toBeUndefined();
    }
  });
});

describe('@Returns', () => {
  test('maps the body with class-transformer', async () => {
    server.handle(json(200, { id: 7, createdAt: '2024-05-01T10:00:00.000Z' }));
    const item = await api.item();
    expect(item).toBeInstanceOf(Item);
    expect(item.label).toBe('item 7');
    expect(item.createdAt).toBeInstanceOf(Date);
    expect(item.createdAt.toISOString()).toBe('2024-05-01T10:00:00.000Z');
  });

  test('a mapping that throws is a DecodeError with the cause, also in full-response mode', async () => {
    server.handle(json(200, { price: 'abc' }));
    await expect(api.exploding()).rejects.toMatchObject({
      name: 'DecodeError',
      code: 'DECODE_ERROR',
      status: 200,
      message: 'Api.exploding: mapping the body to @Returns(Exploding) failed: cannot convert the price',
      cause: expect.objectContaining({ message: 'cannot convert the price' }),
    });
    const full = (await api.exploding({ responseMode: 'full' })) as unknown as ApiResponse<Exploding>;
    expect(full.ok).toBe(false);
    expect(full.status).toBe(200);
    expect(full.error).toBeInstanceOf(DecodeError);
  });

  test('an array where an object is declared is a DecodeError, not a silent plain value', async () => {
    server.handle(json(200, [{ id: 1 }]));
    await expect(api.item()).rejects.toMatchObject({
      name: 'DecodeError',
      message: 'Api.item: @Returns(Item) expects an object, got an array (HTTP 200)',
    });
    server.handle(text(200, 'just text', { 'content-type': 'text/plain' }));
    await expect(api.items()).rejects.toMatchObject({
      name: 'DecodeError',
      message: 'Api.items: @Returns([Item]) expects an array, got string (HTTP 200)',
    });
  });
});
