import 'reflect-metadata';
import { Readable } from 'node:stream';
import { Body, Headers, Multipart, Part, Post, RequestError, createClient, declared } from 'restfit';
import { parseMultipart, type ReceivedPart } from '../support/multipart';
import { startServer, type Received, type TestServer } from '../support/test-server';

class Uploads {
  @Post('/upload')
  @Multipart()
  @Headers({ 'X-Upload': 'yes' })
  upload(
    @Part('file', { filename: 'photo.png', contentType: 'image/png' }) file: unknown,
    @Part('note') note?: unknown,
    @Part('meta') meta?: unknown,
  ): Promise<unknown> {
    return declared();
  }

  @Post('/any')
  @Multipart()
  any(@Part('value') value: unknown): Promise<unknown> {
    return declared();
  }

  @Post('/body')
  @Multipart()
  body(@Body() body: unknown): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
let api: Uploads;
beforeAll(async () => {
  server = await startServer();
  api = createClient(Uploads, { baseURL: server.url });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const last = (): Received => server.received[server.received.length - 1];
const parts = (): ReceivedPart[] => parseMultipart(last().body, last().headers['content-type']);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x2d, 0x2d]);

test('a Buffer part with a filename and content type, a string part and an object part', async () => {
  await api.upload(png, 'hello ☃', { tags: ['a'], n: 1 });
  expect(last().headers['content-type']).toMatch(/^multipart\/form-data; boundary=\S+$/);
  expect(last().headers['x-upload']).toBe('yes');
  const [file, note, meta] = parts();
  expect(parts()).toHaveLength(3);
  expect(file).toMatchObject({ name: 'file', filename: 'photo.png', contentType: 'image/png' });
  expect(file.body.equals(png)).toBe(true);
  expect(note).toMatchObject({ name: 'note', filename: undefined, contentType: undefined });
  expect(note.body.toString('utf8')).toBe('hello ☃');
  expect(meta).toMatchObject({ name: 'meta', contentType: 'application/json' });
  expect(JSON.parse(meta.body.toString())).toEqual({ tags: ['a'], n: 1 });
});

test('the raw bytes of a simple body are exactly the multipart format', async () => {
  await api.any('v');
  const boundary = /boundary=(.+)$/.exec(last().headers['content-type']!)![1];
  expect(last().body.toString()).toBe(
    `--${boundary}\r\nContent-Disposition: form-data; name="value"\r\n\r\nv\r\n--${boundary}--\r\n`,
  );
});

test('a Blob part keeps its type; a File part its name', async () => {
  await api.any(new Blob([png], { type: 'image/x-test' }));
  expect(parts()[0]).toMatchObject({ contentType: 'image/x-test', filename: undefined });
  expect(parts()[0].body.equals(png)).toBe(true);
  await api.any(new File([png], 'scan.bin'));
  expect(parts()[0]).toMatchObject({ filename: 'scan.bin', contentType: 'application/octet-stream' });
  expect(parts()[0].body.equals(png)).toBe(true);
});

test('a Readable part is streamed byte for byte', async () => {
  const chunks = [png, Buffer.from('--not-a-boundary\r\n'), png];
  await api.any(Readable.from(chunks));
  expect(parts()[0].body.equals(Buffer.concat(chunks))).toBe(true);
  expect(parts()[0].contentType).toBe('application/octet-stream');
});

test('a Uint8Array part is sent byte for byte', async () => {
  await api.any(new Uint8Array(png.buffer, png.byteOffset + 1, 4));
  expect(parts()[0].body.equals(png.subarray(1, 5))).toBe(true);
});

test('numbers, booleans and Dates are text parts; 0, false and "" are sent; undefined and null are skipped', async () => {
  await api.upload('f', 0, false);
  expect(parts().map((p) => [p.name, p.body.toString(), p.contentType])).toEqual([
    ['file', 'f', 'image/png'],
    ['note', '0', undefined],
    ['meta', 'false', undefined],
  ]);
  await api.upload('f', '', undefined);
  expect(parts().map((p) => [p.name, p.body.toString()])).toEqual([
    ['file', 'f'],
    ['note', ''],
  ]);
  await api.any(new Date(Date.UTC(2022, 0, 1)));
  expect(parts()[0].body.toString()).toBe('2022-01-01T00:00:00.000Z');
  await api.upload('f', null, null);
  expect(parts()).toHaveLength(1);
});

test('an array makes one part per item, with the same name', async () => {
  await api.any(['a', 'b']);
  expect(parts().map((p) => [p.name, p.body.toString()])).toEqual([
    ['value', 'a'],
    ['value', 'b'],
  ]);
});

test('a quote in a File name cannot break out of the header', async () => {
  await api.any(new File(['x'], 'a".txt'));
  expect(parts()[0].headers['content-disposition']).toBe('form-data; name="value"; filename="a%22.txt"');
});

test('CR/LF in a part filename is refused before anything is sent', async () => {
  await expect(api.any(new File(['x'], 'evil\r\nX-Injected: 1.txt'))).rejects.toThrow(
    new RequestError(
      `Uploads.any: @Part('value') (parameter 0 "value"): the part's filename contains CR, LF or NUL`,
    ),
  );
  expect(server.received).toHaveLength(0);
});

test('CR/LF/NUL in a Blob-like type is refused before anything is sent', async () => {
  const blob = new Blob(['x']);
  Object.defineProperty(blob, 'type', { value: 'text/plain\r\nX-Injected: 1' });
  await expect(api.any(blob)).rejects.toThrow(
    `Uploads.any: @Part('value') (parameter 0 "value"): the part's content type contains CR, LF or NUL`,
  );
  expect(server.received).toHaveLength(0);
});

test('@Body on a @Multipart method: an object becomes one part per entry', async () => {
  await api.body({ a: 'x', file: png, skip: undefined, n: 1 });
  expect(parts().map((p) => [p.name, p.contentType])).toEqual([
    ['a', undefined],
    ['file', 'application/octet-stream'],
    ['n', undefined],
  ]);
  expect(parts()[1].body.equals(png)).toBe(true);
});

test('@Body on a @Multipart method: a FormData is sent by axios with its own boundary', async () => {
  const form = new FormData();
  form.append('a', 'x');
  form.append('f', new Blob([png], { type: 'image/png' }), 'p.png');
  await api.body(form);
  expect(parts().map((p) => [p.name, p.filename, p.contentType])).toEqual([
    ['a', undefined, undefined],
    ['f', 'p.png', 'image/png'],
  ]);
  expect(parts()[1].body.equals(png)).toBe(true);
});
