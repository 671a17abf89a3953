/** On Node too, uploads accept what the web has: ReadableStream, Uint8Array, Blob, File — byte for byte. */
import 'reflect-metadata';
import { Body, createClient, declared, Multipart, Part, Post } from 'restfit';
import { startServer, type TestServer } from '../support/test-server';

class UploadApi {
  @Post('/raw')
  raw(@Body() body: unknown): Promise<unknown> {
    return declared();
  }

  @Post('/form')
  @Multipart()
  form(
    @Part('stream', { filename: 's.bin' }) stream: ReadableStream<Uint8Array>,
    @Part('file') file: File,
  ): Promise<unknown> {
    return declared();
  }
}

function webStream(...chunks: number[][]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
      controller.close();
    },
  });
}

let server: TestServer;
let api: UploadApi;
beforeAll(async () => {
  server = await startServer();
  api = createClient(UploadApi, { baseURL: server.url });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('web bodies on Node', () => {
  it('sends a web ReadableStream body as its bytes', async () => {
    await api.raw(webStream([1, 2], [3, 0, 255]));
    expect(server.received).toHaveLength(1);
    expect([...server.received[0].body]).toEqual([1, 2, 3, 0, 255]);
    expect(server.received[0].headers['content-type']).toBe('application/octet-stream');
  });

  it('sends a Uint8Array window as exactly its bytes', async () => {
    const window = new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4);
    await api.raw(window);
    expect([...server.received[0].body]).toEqual([1, 2, 3]);
  });

  it('sends a ReadableStream part and a File part in a multipart body', async () => {
    await api.form(webStream([104, 105]), new File(['file text'], 'f.txt', { type: 'text/plain' }));
    const received = server.received[0];
    const boundary = /boundary=(.+)$/.exec(String(received.headers['content-type']))![1];
    expect(received.body.toString('latin1')).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="stream"; filename="s.bin"\r\nContent-Type: application/octet-stream\r\n\r\nhi\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\nfile text\r\n` +
        `--${boundary}--\r\n`,
    );
  });
});
