import 'reflect-metadata';
import fc from 'fast-check';
import {
  Field,
  FormUrlEncoded,
  Get,
  Header,
  Multipart,
  Part,
  Path,
  Post,
  Query,
  RequestError,
  Url,
  createClient,
  declared,
} from 'restfit';
import { parseMultipart } from '../support/multipart';
import { useTwoServers } from './support/two-servers';

// Fixed seed and bounded runs: the same cases on every machine, well under 30 s in CI.
const RUNS = { seed: 20261202, numRuns: 120 };

class Api {
  @Get('/items/{id}')
  item(@Path('id') id: unknown): Promise<unknown> {
    return declared();
  }

  @Get('/search')
  search(@Query('q') q: unknown, @Query('list') list?: unknown[]): Promise<unknown> {
    return declared();
  }

  @Get('/headers')
  header(@Header('X-Value') value: unknown): Promise<unknown> {
    return declared();
  }

  @Post('/form')
  @FormUrlEncoded()
  form(@Field('f') f: unknown): Promise<unknown> {
    return declared();
  }

  @Post('/multipart')
  @Multipart()
  multipart(
    @Part('file', { filename: 'f.bin' }) file: unknown,
    @Part('text') text: unknown,
  ): Promise<unknown> {
    return declared();
  }

  @Get()
  at(@Url() url: string): Promise<unknown> {
    return declared();
  }
}

const servers = useTwoServers();
let api: Api;
const BASE_PATH = '/root/v1';
beforeAll(() => {
  api = createClient(Api, { baseURL: `${servers.server.url}${BASE_PATH}`, retry: false });
});

/** Any string: every code point, lone surrogates, controls, URL and header metacharacters. */
const anyString = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '/',
        '\\',
        '?',
        '#',
        '%',
        '&',
        '=',
        '+',
        '.',
        '..',
        ' ',
        '\t',
        '\r',
        '\n',
        '\0',
        '"',
        ';',
        ',',
        '@',
        ':',
        '[',
        ']',
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom('\ud800', '\udfff', '\u2028', '\ufeff', 'é', '☃', '😀') },
  ),
  maxLength: 24,
});

/** The call either resolves (the request went out) or is refused with RequestError before sending. */
async function sentOrRefused(call: () => Promise<unknown>): Promise<'sent' | 'refused'> {
  const before = servers.server.received.length + servers.other.received.length;
  try {
    await call();
    return 'sent';
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    // Refused means nothing left: no server saw anything.
    expect(servers.server.received.length + servers.other.received.length).toBe(before);
    return 'refused';
  }
}

const last = () => servers.server.received[servers.server.received.length - 1];

describe('encoding properties (fast-check, fixed seed)', () => {
  test('path: a value is one segment under the base path, decoding to itself, or refused', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, async (value) => {
        if ((await sentOrRefused(() => api.item(value))) === 'refused') return;
        expect(servers.other.received).toHaveLength(0);
        const { path } = last();
        expect(path.startsWith(`${BASE_PATH}/items/`)).toBe(true);
        const segment = path.slice(`${BASE_PATH}/items/`.length);
        expect(segment).not.toContain('/');
        expect(decodeURIComponent(segment)).toBe(value);
      }),
      RUNS,
    );
  });

  test('query: values round-trip exactly, arrays in order, or the call is refused', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, fc.array(anyString, { maxLength: 4 }), async (q, list) => {
        if ((await sentOrRefused(() => api.search(q, list))) === 'refused') return;
        const received = last();
        expect(received.path).toBe(`${BASE_PATH}/search`);
        const pairs = received.rawQuery.split('&').map((pair) => pair.split('=').map(decodeURIComponent));
        expect(pairs).toEqual([['q', q], ...list.map((item) => ['list', item])]);
      }),
      RUNS,
    );
  });

  test('header: a value arrives as sent (HTTP drops surrounding blanks), or the call is refused', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, async (value) => {
        if ((await sentOrRefused(() => api.header(value))) === 'refused') return;
        const received = last();
        const expected = value.replace(/^[ \t]+|[ \t]+$/g, '');
        // An empty value may be sent as an empty header or not at all.
        if (expected === '') expect(['', undefined]).toContain(received.headers['x-value']);
        else expect(received.headers['x-value']).toBe(expected);
        // At most one header line of ours: nothing was injected.
        const ours = received.rawHeaders.filter((name, i) => i % 2 === 0 && /^x-/i.test(name));
        expect(ours.map((name) => name.toLowerCase())).toEqual(
          expected === '' && ours.length === 0 ? [] : ['x-value'],
        );
      }),
      RUNS,
    );
  });

  test('form: a field round-trips exactly, or the call is refused', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, async (value) => {
        if ((await sentOrRefused(() => api.form(value))) === 'refused') return;
        const fields = [...new URLSearchParams(last().body.toString('utf8'))];
        expect(fields).toEqual([['f', value]]);
      }),
      RUNS,
    );
  });

  test('multipart: bytes and text parts round-trip exactly, or the call is refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), anyString, async (bytes, text) => {
        if ((await sentOrRefused(() => api.multipart(Buffer.from(bytes), text))) === 'refused') return;
        const received = last();
        const parts = parseMultipart(received.body, received.headers['content-type']);
        expect(parts.map((part) => part.name)).toEqual(['file', 'text']);
        expect(parts[0].filename).toBe('f.bin');
        expect(Buffer.compare(parts[0].body, Buffer.from(bytes))).toBe(0);
        expect(parts[1].body.toString('utf8')).toBe(text);
      }),
      RUNS,
    );
  });

  test('@Url: a relative value never reaches another origin; one naming another host without a scheme is refused', async () => {
    const prefixes = [
      '',
      '/',
      '//',
      '\\\\',
      '/\\',
      '\\',
      ' //',
      '\t',
      './',
      '../',
      './/',
      '%2f%2f',
      '@',
      ':',
      'http:',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...prefixes), anyString, async (prefix, rest) => {
        const value = `${prefix}127.0.0.1:${servers.other.port}/${rest}`;
        const outcome = await sentOrRefused(() => api.at(value));
        expect(servers.other.received).toHaveLength(0);
        if (outcome === 'sent') expect(last().url.startsWith('/')).toBe(true);
      }),
      { ...RUNS, numRuns: 200 },
    );
  });
});
