import axios, { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import type { IncomingHttpHeaders } from 'node:http';
import { resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import type { Dispatcher } from 'undici';
import { cancelError, timeoutError, toAxiosError, tooLargeResponse } from './errors';
import type { Dispatchers, AxiosProxy } from './options';
import { ProgressReporter } from './progress';
import { prepareBody, type PreparedBody } from './request-body';
import { assertSupported, requestTarget } from './request-target';
import { bufferedDecoder, decoded, decodersFor, nodeStyleHeaders } from './response-body';
import { settle } from './settle';

const ACCEPT_ENCODING = 'gzip, compress, deflate, br';
const USER_AGENT = `axios/${axios.VERSION}`;

/** What axios puts in `response.request` / `error.request` for this adapter: the request as sent. */
export interface UndiciRequestInfo {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The origin the request went to, e.g. `https://api.example.com`. */
  readonly origin: string;
  /** The path and query string as sent. */
  readonly path: string;
  /** True once the adapter aborted the request (timeout, signal, too large, early close of a stream). */
  aborted: boolean;
}

/**
 * One axios request over undici, from config to settled promise. It is its own undici dispatch handler,
 * so the body is collected without an intermediate stream for buffered response types, and a 'stream'
 * response is a Readable whose early destruction aborts the request.
 */
export class UndiciCall implements Dispatcher.DispatchHandler {
  private readonly request: UndiciRequestInfo;
  private controller?: Dispatcher.DispatchController;
  /** Set once the request failed; the first failure wins. */
  private failure?: Error;
  private settled = false;
  private timer?: NodeJS.Timeout;
  private body?: PreparedBody;
  private response?: AxiosResponse;
  private chunks: Buffer[] = [];
  private received = 0;
  private progress?: ProgressReporter;
  /** Raw bytes go here when the body is decoded or streamed (false: pause); undefined when collected directly. */
  private sink?: { push(chunk: Buffer | null): boolean };
  private stream?: Readable;
  private ended = false;
  private readonly limit: number;
  private readonly streaming: boolean;
  private readonly onAbort = () => this.fail(cancelError(undefined, this.config, this.request));
  private readonly onCancel = (reason: unknown) => this.fail(cancelError(reason, this.config, this.request));

  constructor(
    private readonly config: InternalAxiosRequestConfig,
    private readonly resolve: (response: AxiosResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.limit = config.maxContentLength ?? -1;
    this.streaming = config.responseType === 'stream';
    this.request = { method: (config.method ?? 'get').toUpperCase(), origin: '', path: '', aborted: false };
  }

  start(dispatchers: Dispatchers): void {
    const config = this.config;
    assertSupported(config);
    const timeout = config.timeout ? parseInt(String(config.timeout), 10) : 0;
    if (Number.isNaN(timeout)) {
      throw new AxiosError(
        'error trying to parse `config.timeout` to int',
        AxiosError.ERR_BAD_OPTION_VALUE,
        config,
      );
    }
    const headers = AxiosHeaders.from(config.headers as AxiosHeaders).normalize(false);
    const target = requestTarget(config, headers);
    const request = this.request as { origin: string; path: string };
    request.origin = target.origin;
    request.path = target.path;
    headers.set('User-Agent', USER_AGENT, false);
    headers.set('Accept-Encoding', ACCEPT_ENCODING, false);
    const socketPath = config.socketPath ?? undefined;
    if (socketPath != null) checkSocketPath(socketPath, config);

    const signal = config.signal as AbortSignal | undefined;
    if (signal?.aborted || (config.cancelToken?.reason ?? false)) {
      throw cancelError(config.cancelToken?.reason, config, this.request);
    }
    this.body = prepareBody(config.data, headers, config, this.request);
    signal?.addEventListener?.('abort', this.onAbort);
    config.cancelToken?.subscribe(this.onCancel);
    if (timeout > 0) this.timer = setTimeout(() => this.fail(timeoutError(config, this.request)), timeout);

    const agentOption = target.url.protocol === 'https:' ? 'httpsAgent' : 'httpAgent';
    const agent = (config[agentOption] ?? undefined) as object | undefined;
    dispatchers.for(socketPath, config.proxy as AxiosProxy | false | undefined, agent, agentOption).dispatch(
      {
        origin: target.origin,
        path: target.path,
        method: this.request.method as Dispatcher.HttpMethod,
        headers: headers.toJSON(true) as Record<string, string>,
        // undici streams any async iterable; its typings list only Readable.
        body: this.body.body as Readable | Buffer | null,
      },
      this,
    );
  }

  /** Ends the request with an error: rejects if nothing was settled yet, else errors the response stream. */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.request.aborted = true;
    this.controller?.abort(error);
    this.body?.source?.destroy(error);
    if (!this.settled) {
      this.settled = true;
      this.cleanup();
      this.reject(error);
    } else if (this.stream && !this.stream.destroyed) {
      this.stream.destroy(error);
    }
  }

  /** The request is over: timer and cancellation listeners go (a stream keeps them until it closes). */
  private cleanup(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    (this.config.signal as AbortSignal | undefined)?.removeEventListener?.('abort', this.onAbort);
    this.config.cancelToken?.unsubscribe(this.onCancel);
  }

  // undici's dispatch handler

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.failure) controller.abort(this.failure);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    status: number,
    rawHeaders: IncomingHttpHeaders,
    statusText?: string,
  ): void {
    if (status < 200 || this.failure) return;
    const config = this.config;
    const headers = nodeStyleHeaders(rawHeaders);
    const method = this.request.method;
    let decoders: ReturnType<typeof decodersFor>;
    if (config.decompress !== false && headers['content-encoding']) {
      if (method === 'HEAD' || status === 204) delete headers['content-encoding'];
      else {
        decoders = decodersFor(headers['content-encoding'] as string);
        if (decoders) delete headers['content-encoding'];
      }
    }
    const length = Number(headers['content-length']);
    if (config.onDownloadProgress) {
      this.progress = new ProgressReporter(
        config.onDownloadProgress,
        Number.isFinite(length) ? length : undefined,
        'download',
      );
    }
    this.response = {
      status,
      statusText: statusText ?? '',
      headers: new AxiosHeaders(headers),
      config,
      request: this.request,
      data: undefined,
    };
    if (this.streaming) this.startStream(controller, decoders);
    else if (decoders) this.startDecoding(decoders);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.failure) return;
    this.progress?.add(chunk.length);
    const sink = this.sink;
    if (sink) {
      if (!sink.push(chunk)) controller.pause();
      return;
    }
    this.received += chunk.length;
    if (this.limit > -1 && this.received > this.limit) {
      this.fail(tooLargeResponse(this.config, this.request));
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.failure) return;
    this.ended = true;
    this.progress?.flush();
    // undici frees the connection one event-loop turn after the response (setImmediate, queued right
    // after this returns). Ending the body after it lets a caller's next request reuse the same
    // connection instead of opening another.
    const sink = this.sink;
    if (sink) queueMicrotask(() => setImmediate(() => sink.push(null)));
    else queueMicrotask(() => setImmediate(this.finishBuffered));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    // After our own abort, undici reports it back: the failure is already known.
    if (this.failure) return;
    if (this.response && !this.streaming && (error as { code?: string }).code?.startsWith('UND_ERR_')) {
      // The body was cut off: axios's http adapter reports this as its own ERR_BAD_RESPONSE.
      this.fail(
        new AxiosError(
          'stream has been aborted',
          AxiosError.ERR_BAD_RESPONSE,
          this.config,
          this.request,
          this.response,
        ),
      );
      return;
    }
    this.fail(toAxiosError(error, this.config, this.request));
  }

  // the response body

  /** A 'stream' response: a Readable fed by undici with backpressure; closing it early aborts the request. */
  private startStream(
    controller: Dispatcher.DispatchController,
    decoders: ReturnType<typeof decodersFor>,
  ): void {
    const raw = new Readable({
      read: () => controller.resume(),
      destroy: (error, callback) => {
        if (!this.ended && !this.failure) {
          // Closed early by the reader: free the connection rather than download the rest.
          this.failure = error ?? new Error('The response stream was closed before its end');
          this.request.aborted = true;
          controller.abort(this.failure);
        }
        callback(error);
      },
    });
    this.sink = raw;
    let stream: Readable = decoders ? decoded(raw, decoders) : raw;
    if (this.limit > -1) stream = decoded(stream, [this.lengthGuard()]);
    this.stream = stream;
    stream.once('close', () => this.cleanup());
    this.response!.data = stream;
    this.settle();
  }

  /** A buffered response with a Content-Encoding: raw bytes in, decoded bytes collected (and counted). */
  private startDecoding(decoders: NonNullable<ReturnType<typeof decodersFor>>): void {
    const { input, output } = bufferedDecoder(decoders);
    // The output flows into memory, bounded by maxContentLength: no backpressure needed.
    this.sink = { push: (chunk) => (chunk === null ? input.end() : input.write(chunk), true) };
    output.on('data', (chunk: Buffer) => {
      this.received += chunk.length;
      if (this.limit > -1 && this.received > this.limit) {
        output.destroy();
        this.fail(tooLargeResponse(this.config, this.request));
        return;
      }
      this.chunks.push(chunk);
    });
    output.once('error', (error) => this.fail(toAxiosError(error, this.config, this.request)));
    output.once('end', this.finishBuffered);
  }

  /** Counts decoded bytes of a stream; past maxContentLength it errors as axios's stream does. */
  private lengthGuard(): Transform {
    let total = 0;
    return new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        total += chunk.length;
        if (total > this.limit) callback(tooLargeResponse(this.config, this.request));
        else callback(null, chunk);
      },
    });
  }

  private readonly finishBuffered = () =>
    this.finish(this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.received));

  private finish(bytes: Buffer): void {
    if (this.failure || this.settled) return;
    const config = this.config;
    const response = this.response!;
    if (config.responseType === 'arraybuffer') response.data = bytes;
    else {
      const encoding = (config.responseEncoding ?? 'utf8') as BufferEncoding;
      let text = bytes.toString(encoding);
      if (encoding === 'utf8' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      response.data = text;
    }
    this.settle();
  }

  private settle(): void {
    this.settled = true;
    if (!this.streaming) this.cleanup();
    else if (this.timer) {
      // The timeout covers the wait for the headers; reading a stream is the reader's business (as in axios).
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    settle(this.resolve, this.reject, this.response!);
  }
}

function checkSocketPath(socketPath: unknown, config: InternalAxiosRequestConfig): void {
  if (typeof socketPath !== 'string') {
    throw new AxiosError('socketPath must be a string', AxiosError.ERR_BAD_OPTION_VALUE, config);
  }
  const allowed = (config as { allowedSocketPaths?: string | string[] }).allowedSocketPaths;
  if (allowed == null) return;
  const list = Array.isArray(allowed) ? allowed : [allowed];
  if (!list.some((entry) => typeof entry === 'string' && resolve(entry) === resolve(socketPath))) {
    throw new AxiosError(
      `socketPath "${socketPath}" is not permitted by allowedSocketPaths`,
      AxiosError.ERR_BAD_OPTION_VALUE,
      config,
    );
  }
}
