import type { IncomingMessage, ServerResponse } from 'node:http';

const ANSWER = ['Streams', ' arrive', ' event', ' by', ' event,', ' not', ' all', ' at', ' once.'];
export const EXPORT_SIZE = 256 * 1024;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The demo server's streaming routes: `POST /v1/chat` answers Server-Sent Events a word at a time, and
 * `GET /v1/export` sends 256 KiB in eight slow pieces (axios reports progress at most 3 times a second). Returns false for any other route.
 */
export function streamingDemoRoute(req: IncomingMessage, res: ServerResponse, path: string): boolean {
  if (req.method === 'POST' && path === '/v1/chat') {
    void (async () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': the answer follows\n\n');
      for (const [i, text] of ANSWER.entries()) {
        await pause(25);
        res.write(`id: ${i + 1}\ndata: ${JSON.stringify({ text })}\n\n`);
      }
      res.end('data: [DONE]\n\n');
    })();
    return true;
  }
  if (req.method === 'GET' && path === '/v1/export') {
    void (async () => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': EXPORT_SIZE });
      const piece = Buffer.alloc(EXPORT_SIZE / 8, 0x2a);
      for (let i = 0; i < 8; i++) {
        res.write(piece);
        await pause(120);
      }
      res.end();
    })();
    return true;
  }
  return false;
}
