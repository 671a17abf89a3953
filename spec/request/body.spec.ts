import 'reflect-metadata';
import { Readable } from 'node:stream';
import { Exclude, Expose, Transform } from 'class-transformer';
import { Body, Delete, Header, Post, Put, createClient, declared } from 'restfit';
import { startServer, type Received, type TestServer } from '../support/test-server';

class Api {
  @Post('/body')
  send(@Body() body: unknown): Promise<unknown> {
    return declared();
  }

  @Put('/typed')
  typed(@Body() body: unknown, @Header('Content-Type') type: string): Promise<unknown> {
    return declared();
  }

  @Delete('/things')
  remove(@Body() body?: unknown): Promise<unknown> {
    return declared();
  }
}

class Account {
  id = 7;
  name = 'ada';
  @Exclude() password = 'secret';
  @Expose({ name: 'created_at' })
  @Transform(({ value }) => (value as Date).toISOString().slice(0, 10), { toPlainOnly: true })
  createdAt = new Date(Date.UTC(2021, 2, 4));
  get greeting() {
    return `hi ${this.name}`;
  }
}

let server: TestServer;
let api: Api;
beforeAll(async () => {
  server = await startServer();
  api = createClient(Api, { baseURL: server.url });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const last = (): Received => server.received[server.received.length - 1];
const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

test('a string body is sent as the string, as text/plain', async () => {
  await api.send('abc');
  expect(last().body.toString('utf8')).toBe('abc');
  expect(last().headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(last().headers['content-length']).toBe('3');
});

test('a string body keeps a declared content type', async () => {
  await api.typed('{"already":"json"}', 'application/json');
  expect(last().body.toString()).toBe('{"already":"json"}');
  expect(last().headers['content-type']).toBe('application/json');
});

test('a UTF-8 string is encoded as UTF-8', async () => {
  await api.send('é☃');
  expect(last().body).toEqual(Buffer.from('é☃', 'utf8'));
});

test('objects and arrays are JSON', async () => {
  await api.send({ a: 1, nested: { b: [true, null] }, when: new Date(Date.UTC(2000, 0, 1)) });
  expect(JSON.parse(last().body.toString())).toEqual({
    a: 1,
    nested: { b: [true, null] },
    when: '2000-01-01T00:00:00.000Z',
  });
  expect(last().headers['content-type']).toBe('application/json');
  await api.send([1, 'two']);
  expect(last().body.toString()).toBe('[1,"two"]');
});

test('0 and false are sent as JSON; undefined and null send no body', async () => {
  await api.send(0);
  expect(last().body.toString()).toBe('0');
  await api.send(false);
  expect(last().body.toString()).toBe('false');
  await api.send(undefined);
  expect(last().body).toHaveLength(0);
  expect(last().headers['content-type']).toBeUndefined();
  await api.send(null);
  expect(last().body).toHaveLength(0);
  expect(last().headers['content-type']).toBeUndefined();
});

test('class instances go through class-transformer instanceToPlain (@Exclude, @Expose, @Transform)', async () => {
  await api.send(new Account());
  expect(JSON.parse(last().body.toString())).toEqual({ id: 7, name: 'ada', created_at: '2021-03-04' });
  await api.send([new Account()]);
  expect(JSON.parse(last().body.toString())).toEqual([{ id: 7, name: 'ada', created_at: '2021-03-04' }]);
});

test('a Buffer is sent byte for byte, as application/octet-stream', async () => {
  await api.send(allBytes);
  expect(last().body.equals(allBytes)).toBe(true);
  expect(last().headers['content-type']).toBe('application/octet-stream');
});

test('a Uint8Array view is sent byte for byte (only its own window of the buffer)', async () => {
  const backing = new Uint8Array(300);
  backing.set(allBytes, 20);
  await api.send(new Uint8Array(backing.buffer, 20, 256));
  expect(last().body.equals(allBytes)).toBe(true);
});

test('other typed arrays, DataView and ArrayBuffer are sent as their bytes', async () => {
  const words = new Uint16Array([0x0102, 0xfffe]);
  await api.send(words);
  expect(last().body.equals(Buffer.from(words.buffer))).toBe(true);
  await api.send(new DataView(allBytes.buffer, allBytes.byteOffset + 10, 5));
  expect(last().body.equals(allBytes.subarray(10, 15))).toBe(true);
  await api.send(allBytes.buffer.slice(allBytes.byteOffset, allBytes.byteOffset + 256));
  expect(last().body.equals(allBytes)).toBe(true);
});

test('a Blob is sent byte for byte with its own type', async () => {
  await api.send(new Blob([allBytes], { type: 'image/png' }));
  expect(last().body.equals(allBytes)).toBe(true);
  expect(last().headers['content-type']).toBe('image/png');
  await api.send(new Blob([allBytes]));
  expect(last().headers['content-type']).toBe('application/octet-stream');
});

test('a Readable is streamed byte for byte', async () => {
  const chunks = [allBytes.subarray(0, 100), allBytes.subarray(100), Buffer.from('tail')];
  await api.send(Readable.from(chunks));
  expect(last().body.equals(Buffer.concat(chunks))).toBe(true);
  expect(last().headers['content-type']).toBe('application/octet-stream');
});

test('URLSearchParams as a body is form-encoded', async () => {
  await api.send(
    new URLSearchParams([
      ['a', '1 2'],
      ['b', 'é'],
    ]),
  );
  expect(last().body.toString()).toBe('a=1+2&b=%C3%A9');
  expect(last().headers['content-type']).toBe('application/x-www-form-urlencoded');
});

test('DELETE may carry a body', async () => {
  await api.remove({ ids: [1, 2] });
  expect(last().method).toBe('DELETE');
  expect(last().body.toString()).toBe('{"ids":[1,2]}');
});

test('toJSON() is honoured at any depth (Decimal, Luxon, Money types), class instances still use class-transformer', async () => {
  class Money {
    constructor(readonly cents: number) {}
    toJSON() {
      return `${(this.cents / 100).toFixed(2)} EUR`;
    }
  }
  await api.send({ price: new Money(150), owner: new Account(), list: [new Money(5)], tags: new Set(['a']) });
  expect(JSON.parse(last().body.toString())).toEqual({
    price: '1.50 EUR',
    owner: { id: 7, name: 'ada', created_at: '2021-03-04' },
    list: ['0.05 EUR'],
    tags: ['a'],
  });
  await api.send(new Money(1));
  expect(last().body.toString()).toBe('"0.01 EUR"');
  // A plain object's own toJSON() counts the same as a class's.
  await api.send({ toJSON: () => 'plain' });
  expect(last().body.toString()).toBe('"plain"');
  expect(last().headers['content-type']).toBe('application/json');
});

test('a bigint or a circular body is a RequestError before anything is sent', async () => {
  await expect(api.send({ n: 1n })).rejects.toThrow(
    'Api.send: @Body(): a bigint cannot be sent as JSON — convert it to a string or number',
  );
  const loop: Record<string, unknown> = {};
  loop.self = loop;
  await expect(api.send(loop)).rejects.toThrow(
    'Api.send: @Body(): the body is nested deeper than 200 levels (is it circular?)',
  );
  expect(server.received).toHaveLength(0);
});

test('the caller’s body object is not changed', async () => {
  const body = { a: 1 };
  const frozen = Object.freeze({ b: Object.freeze([1]) });
  await api.send(body);
  await api.send(frozen);
  expect(body).toEqual({ a: 1 });
  expect(last().body.toString()).toBe('{"b":[1]}');
});
