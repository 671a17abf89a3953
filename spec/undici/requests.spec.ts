/** What a server receives through restfit/undici: method, URL, params, headers and every body kind. */
import { Readable } from 'node:stream';
import { startServer, echo, type TestServer } from '../support/test-server';
import { undiciAxios } from './support';

let server: TestServer;
const { http, adapter } = undiciAxios();
beforeAll(async () => {
  server = await startServer(echo);
});
afterEach(() => server.reset());
afterAll(async () => {
  await adapter.close();
  await server.close();
});

const last = () => server.received[server.received.length - 1];

test('method, baseURL + url and params go out as axios builds them', async () => {
  for (const method of ['get', 'post', 'put', 'patch', 'delete', 'options'] as const) {
    await http.request({
      method,
      baseURL: `${server.url}/api/`,
      url: '/items',
      params: { q: 'a b', tag: ['x', 'y'], n: 1 },
    });
    expect(last().method).toBe(method.toUpperCase());
    // axios's own buildURL: space as '+', arrays with [] (encoded), numbers as text.
    expect(last().url).toBe('/api/items?q=a+b&tag%5B%5D=x&tag%5B%5D=y&n=1');
  }
  await http.head(`${server.url}/h`);
  expect(last()).toMatchObject({ method: 'HEAD', url: '/h' });
});

test('a paramsSerializer, URLSearchParams params and an existing query string are honoured', async () => {
  await http.get(`${server.url}/s?fixed=1`, {
    params: { a: 1, b: 2 },
    paramsSerializer: { serialize: (params: Record<string, number>) => `custom=${params.a + params.b}` },
  });
  expect(last().url).toBe('/s?fixed=1&custom=3');
  await http.get(`${server.url}/u`, { params: new URLSearchParams([['k', 'v w']]) });
  expect(last().url).toBe('/u?k=v+w');
});

test('headers: the instance defaults, per-request values, false removes one; axios adds User-Agent and Accept-Encoding', async () => {
  const { http: withDefaults, adapter: own } = undiciAxios({}, { headers: { common: { 'X-Default': 'd' } } });
  try {
    await withDefaults.get(server.url, { headers: { 'X-One': '1', Accept: false as unknown as string } });
    const headers = last().headers;
    expect(headers['x-default']).toBe('d');
    expect(headers['x-one']).toBe('1');
    expect(headers.accept).toBeUndefined();
    expect(headers['user-agent']).toMatch(/^axios\/\d+\.\d+\.\d+$/);
    expect(headers['accept-encoding']).toBe('gzip, compress, deflate, br');
    await withDefaults.get(server.url, {
      headers: { 'User-Agent': 'mine/1', 'Accept-Encoding': 'identity' },
    });
    expect(last().headers).toMatchObject({ 'user-agent': 'mine/1', 'accept-encoding': 'identity' });
  } finally {
    await own.close();
  }
});

test('auth and URL credentials become Basic authorization', async () => {
  await http.get(server.url, { auth: { username: 'ann', password: 'pä ss' } });
  expect(last().headers.authorization).toBe(`Basic ${Buffer.from('ann:pä ss').toString('base64')}`);
  await http.get(server.url.replace('http://', 'http://bob%40x:s%3Ac@'));
  expect(last().headers.authorization).toBe(`Basic ${Buffer.from('bob@x:s:c').toString('base64')}`);
});

describe('every body kind arrives byte for byte, with the headers axios would send', () => {
  const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);

  test('an object (axios JSON), a string and a Buffer: Content-Length set', async () => {
    await http.post(server.url, { a: 'ü' });
    expect(last().body.toString()).toBe('{"a":"ü"}');
    expect(last().headers).toMatchObject({ 'content-type': 'application/json', 'content-length': '10' });
    await http.post(server.url, 'plain ü', { headers: { 'Content-Type': 'text/plain' } });
    expect(last().body).toEqual(Buffer.from('plain ü'));
    expect(last().headers['content-length']).toBe('8');
    await http.put(server.url, bytes, { headers: { 'Content-Type': 'application/octet-stream' } });
    expect(last().body).toEqual(bytes);
    expect(last().headers['content-length']).toBe(String(bytes.length));
  });

  test('a Uint8Array window and an ArrayBuffer: exactly their bytes', async () => {
    const window = Uint8Array.from(bytes).subarray(2, 6);
    await http.post(server.url, window, { transformRequest: [(data) => data] });
    expect(last().body).toEqual(Buffer.from([2, 250, 251, 252]));
    const arrayBuffer = Uint8Array.from([9, 8, 7]).buffer;
    await http.post(server.url, arrayBuffer, { transformRequest: [(data) => data] });
    expect(last().body).toEqual(Buffer.from([9, 8, 7]));
    expect(last().headers['content-length']).toBe('3');
  });

  test('a Blob: its type and size', async () => {
    await http.post(server.url, new Blob([bytes], { type: 'image/x-test' }), {
      transformRequest: [(d) => d],
    });
    expect(last().body).toEqual(bytes);
    expect(last().headers).toMatchObject({
      'content-type': 'image/x-test',
      'content-length': String(bytes.length),
    });
  });

  test('URLSearchParams (even past axios transforms): form encoded', async () => {
    await http.post(server.url, new URLSearchParams({ a: '1 2', b: 'ü' }), { transformRequest: [(d) => d] });
    expect(last().body.toString()).toBe('a=1+2&b=%C3%BC');
    // axios's own POST default is application/x-www-form-urlencoded, so it stays as it is.
    expect(last().headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    await http.request({
      method: 'QUERY',
      url: server.url,
      data: new URLSearchParams({ c: '3' }),
      transformRequest: [(d) => d],
    });
    expect(last().headers['content-type']).toBe('application/x-www-form-urlencoded;charset=utf-8');
  });

  test('FormData: multipart with its boundary, a file part byte for byte', async () => {
    const form = new FormData();
    form.append('name', 'Ann');
    form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), 'f.bin');
    await http.post(server.url, form);
    const type = last().headers['content-type']!;
    const boundary = /boundary=(.+)$/.exec(type)![1];
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const body = last().body;
    expect(body.toString('latin1')).toContain(
      `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nAnn\r\n`,
    );
    const fileHeader = Buffer.from(
      'Content-Disposition: form-data; name="file"; filename="f.bin"\r\nContent-Type: application/octet-stream\r\n\r\n',
    );
    const at = body.indexOf(fileHeader) + fileHeader.length;
    expect(body.subarray(at, at + bytes.length)).toEqual(bytes);
    expect(body.toString('latin1').endsWith(`--${boundary}--\r\n`)).toBe(true);
  });

  test('a Node Readable and a web ReadableStream: streamed (chunked), every byte', async () => {
    await http.post(server.url, Readable.from([Buffer.from('ab'), Buffer.from('cd')]));
    expect(last().body.toString()).toBe('abcd');
    expect(last().headers['transfer-encoding']).toBe('chunked');
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Uint8Array.from([1, 2]));
        controller.enqueue(Uint8Array.from([3]));
        controller.close();
      },
    });
    await http.post(server.url, web, { transformRequest: [(d) => d] });
    expect(last().body).toEqual(Buffer.from([1, 2, 3]));
  });

  test('a body-less POST sends Content-Length: 0', async () => {
    await http.post(server.url);
    expect(last().headers['content-length']).toBe('0');
    expect(last().body.length).toBe(0);
  });
});
