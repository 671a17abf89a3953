import 'reflect-metadata';
import { CallOptions, DecodeError, Get, JsonLines, Returns, createClient, declared } from 'restfit';
import { startServer, type TestServer } from '../support/test-server';
import { collect } from '../support/collect';
import { byteByByte, closedWithin, randomSplits, streaming } from './support/streaming-server';

class LogLine {
  level!: string;
  msg!: string;
  get text(): string {
    return `[${this.level}] ${this.msg}`;
  }
}

class LogsApi {
  @Get('/logs')
  @JsonLines()
  @Returns(LogLine)
  tail(@CallOptions() options?: CallOptions): AsyncIterable<LogLine> {
    return declared();
  }

  @Get('/values')
  @JsonLines()
  values(): AsyncIterable<unknown> {
    return declared();
  }
}

// LF and CRLF line ends, blank and whitespace-only lines, multi-byte UTF-8, a last line without "\n".
const BODY =
  '{"level":"info","msg":"started"}\n\n{"level":"warn","msg":"disk 91 % — füll"}\r\n   \r\n{"level":"error","msg":"stopped"}';

let server: TestServer;
let logs: LogsApi;
beforeAll(async () => {
  server = await startServer();
  logs = createClient(LogsApi, { baseURL: server.url, retry: false, maxContentLength: 512 });
});
afterEach(() => server.reset());
afterAll(() => server.close());

describe('@JsonLines', () => {
  test.each([
    ['application/x-ndjson', byteByByte],
    ['application/jsonl', randomSplits(5)],
    ['application/x-ndjson; charset=utf-8', randomSplits(11, 20)],
  ])('%s split mid-line: one mapped value a line, blank lines skipped', async (contentType, split) => {
    server.handle(streaming([BODY], { contentType, split }).handler);
    const lines = await collect(logs.tail());
    expect(lines.every((line) => line instanceof LogLine)).toBe(true);
    expect(lines.map((line) => line.text)).toEqual([
      '[info] started',
      '[warn] disk 91 % — füll',
      '[error] stopped',
    ]);
    expect(server.received[0].headers.accept).toBe('application/x-ndjson, application/jsonl');
  });

  test('without @Returns each line is its JSON value, whatever it is', async () => {
    server.handle(
      streaming(['1\n"two"\n[3]\nnull\n{"four":4}\n'], { contentType: 'application/jsonl' }).handler,
    );
    expect(await collect(logs.values())).toEqual([1, 'two', [3], null, { four: 4 }]);
  });

  test('a line that is not JSON is a DecodeError after the lines before it; the connection closes', async () => {
    const { handler, connection } = streaming(['{"level":"info","msg":"a"}\nnot json\n'], {
      contentType: 'application/x-ndjson',
      then: 'open',
    });
    server.handle(handler);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const line of logs.tail()) seen.push(line.msg);
    })();
    await expect(reading).rejects.toThrow(DecodeError);
    expect(seen).toEqual(['a']);
    expect(await closedWithin(connection)).toBe(true);
  });

  test('a line longer than maxContentLength is DecodeError RESPONSE_TOO_LARGE, even before its end arrives', async () => {
    const { handler, connection } = streaming(
      ['{"level":"info","msg":"a"}\n', `{"level":"info","msg":"${'z'.repeat(2000)}`],
      { contentType: 'application/x-ndjson', then: 'open' },
    );
    server.handle(handler);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const line of logs.tail()) seen.push(line.msg);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
    expect(seen).toEqual(['a']);
    expect(await closedWithin(connection)).toBe(true);
  });

  test('break closes the connection', async () => {
    const { handler, connection } = streaming(['{"level":"info","msg":"a"}\n{"level":"info","msg":"b"}\n'], {
      contentType: 'application/x-ndjson',
      then: 'open',
    });
    server.handle(handler);
    for await (const line of logs.tail()) {
      expect(line.msg).toBe('a');
      break;
    }
    expect(await closedWithin(connection)).toBe(true);
  });
});
