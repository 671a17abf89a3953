/**
 * The web platform (lib/platform/web.ts), checked on Node against Node's own implementations: the smoke
 * suite covers it end to end on the real runtimes, these pin the details.
 */
import { createHmac } from 'node:crypto';
import { DeclarationError } from 'restfit';
import { MultipartBody } from '../../lib/request/multipart';
import * as web from '../../lib/platform/web';
import { fromBase64Url, randomUuid, timingSafeEqualBytes, toBase64Url } from '../../lib/platform/bytes';

async function readAll(stream: ReadableStream<Uint8Array>): Promise<number[]> {
  const bytes: number[] = [];
  const reader = stream.getReader();
  for (let i = 0; i < 1000; i++) {
    const { value, done } = await reader.read();
    if (done) break;
    bytes.push(...value);
  }
  return bytes;
}

describe('the web platform', () => {
  it('computes HMAC-SHA256 with Web Crypto exactly like node:crypto', async () => {
    const expected = createHmac('sha256', 'k3y').update('sid=abc.k1', 'utf8').digest();
    expect(Buffer.from(await web.hmacSha256('k3y', 'sid=abc.k1'))).toEqual(expected);
    expect(web.hmacSha256Sync).toBeUndefined();
  });

  it('base64url round-trips and compares in constant time', () => {
    const bytes = new Uint8Array([0, 250, 251, 252, 253, 254, 255, 1]);
    expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    expect([...fromBase64Url(toBase64Url(bytes))]).toEqual([...bytes]);
    expect(timingSafeEqualBytes(bytes, bytes.slice())).toBe(true);
    expect(timingSafeEqualBytes(bytes, bytes.slice(1))).toBe(false);
    expect(randomUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives Uint8Array bytes, never Buffers', () => {
    const bytes = web.toBytes(new Uint8Array([1, 2]).buffer);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(bytes)).toBe(false);
    expect([...web.toBytes('é')]).toEqual([0xc3, 0xa9]);
  });

  it('sends an in-memory multipart body as one Blob with the same bytes as the Node stream', async () => {
    const body = new MultipartBody([
      {
        name: 'a',
        value: new Uint8Array([1, 2, 3]),
        filename: 'a.bin',
        contentType: 'application/octet-stream',
      },
      { name: 'b', value: 'text' },
      { name: 'c', value: new Blob(['blob']) },
    ]);
    const blob = web.multipartPayload(
      () => (body as unknown as { chunks(): AsyncIterable<Uint8Array> }).chunks(),
      [...(body as unknown as { inMemory(): (Uint8Array | Blob | string)[] }).inMemory()],
    ) as Blob;
    expect(blob).toBeInstanceOf(Blob);
    const chunks: Buffer[] = [];
    for await (const chunk of body.toStream() as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(Buffer.from(await blob.arrayBuffer())).toEqual(Buffer.concat(chunks));
  });

  it('bounds a response stream by the limit, and ends the attempt once', async () => {
    let cleanups = 0;
    const source = new Blob([new Uint8Array(10), new Uint8Array(10)]).stream();
    const guarded = web.guardResponseStream({ stream: source, cleanup: () => cleanups++ }, 15, {
      tooLarge: () => new Error('too large'),
      failed: (cause) => new Error(`failed: ${cause}`),
    });
    await expect(readAll(guarded)).rejects.toThrow('too large');
    expect(cleanups).toBe(1);
  });

  it('keeps an async scope until the promise settles', async () => {
    const scope = web.createAsyncScope<string>();
    let inside: string | undefined;
    await scope.run('token', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      inside = scope.get();
    });
    expect(inside).toBe('token');
    expect(scope.get()).toBeUndefined();
  });

  it('refuses the Node-only transport options and FileTokenStore with a DeclarationError', () => {
    expect(() => web.createDefaultAxios({ proxy: false })).toThrow(DeclarationError);
    expect(() => web.createDefaultAxios({ proxy: false })).toThrow(/the proxy option needs Node/);
    expect(() => new web.FileTokenStore('tokens.json')).toThrow(DeclarationError);
    expect(web.createDefaultAxios({}).defaults.adapter).toBe('fetch');
  });
});
