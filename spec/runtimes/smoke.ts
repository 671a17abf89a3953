/**
 * The runtime smoke suite: written once, run unchanged on Bun, Deno, headless Chromium and workerd
 * (runtimes.spec.ts). It imports restfit by its package name only, so each runtime resolves it through
 * package.json `exports` as a user's program would. Each check reports what it saw; the jest spec
 * asserts every one of them.
 */
import { Type } from 'class-transformer';
import {
  Body,
  CallOptions,
  CancelledError,
  createClient,
  declared,
  FileTokenStore,
  Get,
  Multipart,
  NotFoundError,
  Part,
  Path,
  Post,
  Query,
  ResponseType,
  Retry,
  Returns,
  Timeout,
  TimeoutError,
  tokenAuth,
  DeclarationError,
  type CallOptions as CallOptionsType,
} from 'restfit';

export interface SmokeResult {
  name: string;
  ok: boolean;
  detail: string;
}

class User {
  id!: number;
  name!: string;
  query!: string;
  @Type(() => Date) createdAt!: Date;
}

class SmokeApi {
  @Get('/v1/users/{id}')
  @Returns(User)
  getUser(
    @Path('id') id: number,
    @Query('verbose') verbose: string,
    @Query('tag') tags: string[],
  ): Promise<User> {
    return declared();
  }

  @Post('/v1/users')
  create(
    @Body() user: { name: string; tags: string[] },
  ): Promise<{ id: number; contentType: string; received: unknown }> {
    return declared();
  }

  @Get('/v1/missing')
  missing(): Promise<unknown> {
    return declared();
  }

  @Get('/v1/bytes')
  @ResponseType('bytes')
  bytes(): Promise<Uint8Array> {
    return declared();
  }

  @Get('/v1/bytes')
  @ResponseType('stream')
  stream(): Promise<ReadableStream<Uint8Array>> {
    return declared();
  }

  @Post('/v1/upload')
  @Multipart()
  upload(
    @Part('file', { filename: 'data.bin' }) file: Uint8Array,
    @Part('note') note: string,
    @Part('doc') doc: File,
  ): Promise<{
    contentType: string;
    closed: boolean;
    parts: { disposition: string; type?: string; body: number[] }[];
  }> {
    return declared();
  }

  @Get('/v1/flaky')
  @Retry({ limit: 2, backoff: { baseMs: 5000, maxMs: 5000 } })
  flaky(@Query('run') run: string): Promise<{ attempts: number }> {
    return declared();
  }

  @Get('/v1/secret')
  secret(@Query('run') run: string): Promise<{ authorization: string }> {
    return declared();
  }

  @Get('/v1/slow')
  @Retry(false)
  slow(@CallOptions() options: CallOptionsType): Promise<unknown> {
    return declared();
  }

  @Get('/v1/slow')
  @Retry(false)
  @Timeout(200)
  slowWithTimeout(): Promise<unknown> {
    return declared();
  }
}

class TokenApi {
  @Post('/v1/token')
  issue(@Query('run') run: string): Promise<{ accessToken: string }> {
    return declared();
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** How a call that should fail failed, and how long it took. */
async function failure(call: Promise<unknown>): Promise<{ error: Error | undefined; took: number }> {
  const started = Date.now();
  const error = await call.then(
    () => undefined,
    (e: Error) => e,
  );
  return { error, took: Date.now() - started };
}

export async function runSmoke(baseURL: string): Promise<SmokeResult[]> {
  const run = Math.random().toString(36).slice(2, 10);
  const api = createClient(SmokeApi, { baseURL, timeout: 5000 });
  const tokens = createClient(TokenApi, { baseURL });
  const authed = createClient(SmokeApi, { baseURL, auth: tokenAuth({ obtain: () => tokens.issue(run) }) });

  const checks: Record<string, () => Promise<[boolean, unknown]>> = {
    async 'GET with path and query'() {
      const user = await api.getUser(42, 'yes', ['a', 'b c']);
      return [
        user.id === 42 && user.query === 'verbose=yes&tag=a&tag=b%20c',
        { id: user.id, query: user.query },
      ];
    },
    async 'a Date mapped by @Returns'() {
      const user = await api.getUser(1, 'no', []);
      return [
        user instanceof User &&
          user.createdAt instanceof Date &&
          user.createdAt.getTime() === Date.UTC(2024, 1, 29, 12, 34, 56),
        { isUser: user instanceof User, createdAt: String(user.createdAt) },
      ];
    },
    async 'POST JSON'() {
      const answer = await api.create({ name: 'Grace', tags: ['x'] });
      return [
        answer.id === 7 &&
          answer.contentType === 'application/json' &&
          same(answer.received, { name: 'Grace', tags: ['x'] }),
        answer,
      ];
    },
    async 'a 404 as NotFoundError'() {
      const { error } = await failure(api.missing());
      const e = error as NotFoundError;
      return [
        error instanceof NotFoundError &&
          e.name === 'NotFoundError' &&
          e.status === 404 &&
          e.request.service === 'SmokeApi' &&
          e.request.operation === 'missing' &&
          same(e.data, { error: 'no such thing', path: '/v1/missing' }),
        { name: e?.name, status: e?.status, request: e?.request, message: e?.message },
      ];
    },
    async bytes() {
      const bytes = await api.bytes();
      return [
        bytes instanceof Uint8Array && same([...bytes], [0, 1, 2, 253, 254, 255]),
        { type: bytes?.constructor?.name, bytes: [...bytes] },
      ];
    },
    async 'a web ReadableStream for stream'() {
      const stream = await api.stream();
      const chunks: number[] = [];
      const reader = stream.getReader();
      for (let i = 0; i < 100; i++) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(...value);
      }
      return [
        stream instanceof ReadableStream && same(chunks, [0, 1, 2, 253, 254, 255]),
        { type: stream?.constructor?.name, chunks },
      ];
    },
    async 'a multipart upload'() {
      const doc = new File(['hello, wörld'], 'hello.txt', { type: 'text/plain' });
      const answer = await api.upload(new Uint8Array([1, 2, 3, 0, 255]), 'a note', doc);
      const [file, note, text] = answer.parts;
      return [
        answer.contentType === 'multipart/form-data' &&
          answer.closed &&
          answer.parts.length === 3 &&
          file.disposition === 'form-data; name="file"; filename="data.bin"' &&
          file.type === 'application/octet-stream' &&
          same(file.body, [1, 2, 3, 0, 255]) &&
          note.disposition === 'form-data; name="note"' &&
          same(note.body, [...new TextEncoder().encode('a note')]) &&
          text.disposition === 'form-data; name="doc"; filename="hello.txt"' &&
          // Some runtimes add the charset to a File's type (Bun: text/plain;charset=utf-8).
          text.type?.startsWith('text/plain') === true &&
          same(text.body, [...new TextEncoder().encode('hello, wörld')]),
        answer,
      ];
    },
    async 'a retry after Retry-After'() {
      const started = Date.now();
      // Backoff alone would wait 5 s: the 1 s of Retry-After wins.
      const answer = await api.flaky(run);
      const waited = Date.now() - started;
      return [answer.attempts === 2 && waited >= 900 && waited < 4000, { attempts: answer.attempts, waited }];
    },
    async 'a tokenAuth refresh after a 401'() {
      const answer = await authed.secret(run);
      return [answer.authorization === `Bearer token-${run}-2`, answer];
    },
    async 'a cancelled call as CancelledError'() {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const { error, took } = await failure(api.slow({ signal: controller.signal }));
      return [
        error instanceof CancelledError && error.name === 'CancelledError' && took < 2000,
        { name: error?.name, took },
      ];
    },
    async 'a timeout as TimeoutError'() {
      const { error, took } = await failure(api.slowWithTimeout());
      return [
        error instanceof TimeoutError && error.name === 'TimeoutError' && took < 2000,
        { name: error?.name, took },
      ];
    },
    async 'FileTokenStore is a clear DeclarationError'() {
      let error: unknown;
      try {
        new FileTokenStore('tokens.json');
      } catch (e) {
        error = e;
      }
      return [
        error instanceof DeclarationError && /Node/.test((error as Error).message),
        { message: (error as Error)?.message },
      ];
    },
  };

  const results: SmokeResult[] = [];
  for (const [name, check] of Object.entries(checks)) {
    try {
      const [ok, detail] = await check();
      results.push({ name, ok, detail: JSON.stringify(detail) });
    } catch (error) {
      results.push({
        name,
        ok: false,
        detail: `threw ${(error as Error)?.name}: ${(error as Error)?.message}\n${(error as Error)?.stack}`,
      });
    }
  }
  return results;
}
