import 'reflect-metadata';
import { Body, CallOptions, Get, Post, createClient, declared, type TransferProgress } from 'restfit';
import { startServer, type TestServer } from '../support/test-server';

class Transfers {
  @Post('/upload')
  upload(@Body() data: Buffer, @CallOptions() options?: CallOptions): Promise<unknown> {
    return declared();
  }

  @Get('/download')
  download(@CallOptions() options?: CallOptions): Promise<Buffer> {
    return declared();
  }
}

const UPLOAD = Buffer.alloc(300 * 1024, 0x75);
const DOWNLOAD = Buffer.alloc(200 * 1024, 0x64);

let server: TestServer;
let transfers: Transfers;
beforeAll(async () => {
  server = await startServer();
  transfers = createClient(Transfers, { baseURL: server.url, retry: false });
});
afterEach(() => server.reset());
afterAll(() => server.close());

/** Progress reports grow and end at the whole size. */
function expectGrowingTo(reports: TransferProgress[], size: number): void {
  expect(reports.length).toBeGreaterThan(0);
  const loaded = reports.map((r) => r.loaded);
  expect([...loaded].sort((a, b) => a - b)).toEqual(loaded);
  expect(loaded.at(-1)).toBe(size);
}

describe('CallOptions progress callbacks', () => {
  test('onUploadProgress: { loaded, total } as the body goes out; the server gets every byte', async () => {
    server.handle((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: req.body.length }));
    });
    const reports: TransferProgress[] = [];
    const answer = await transfers.upload(UPLOAD, { onUploadProgress: (p) => reports.push(p) });
    expect(answer).toEqual({ received: UPLOAD.length });
    expect(server.received[0].body.equals(UPLOAD)).toBe(true);
    expectGrowingTo(reports, UPLOAD.length);
    expect(reports.every((r) => r.total === UPLOAD.length)).toBe(true);
    expect(Object.keys(reports[0]).sort()).toEqual(['loaded', 'total']);
  });

  test('onDownloadProgress: total from Content-Length', async () => {
    server.handle(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': DOWNLOAD.length });
      // Two halves, so the client sees the body arrive in more than one report.
      res.write(DOWNLOAD.subarray(0, DOWNLOAD.length / 2));
      await new Promise((resolve) => setTimeout(resolve, 20));
      res.end(DOWNLOAD.subarray(DOWNLOAD.length / 2));
    });
    const reports: TransferProgress[] = [];
    const body = await transfers.download({ onDownloadProgress: (p) => reports.push(p) });
    expect(body.equals(DOWNLOAD)).toBe(true);
    expectGrowingTo(reports, DOWNLOAD.length);
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.every((r) => r.total === DOWNLOAD.length)).toBe(true);
  });

  test('without Content-Length there is no total; a callback that throws does not break the call', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(DOWNLOAD);
    });
    const reports: TransferProgress[] = [];
    const body = await transfers.download({
      onDownloadProgress: (p) => {
        reports.push(p);
        throw new Error('the progress bar broke');
      },
    });
    expect(body.length).toBe(DOWNLOAD.length);
    expectGrowingTo(reports, DOWNLOAD.length);
    expect(reports.every((r) => !('total' in r))).toBe(true);
  });
});
