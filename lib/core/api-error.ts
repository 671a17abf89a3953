import { redactHeaders } from './secrets';

/** The root error and how errors name a call. */

/** What errors and responses say about the request: method, redacted URL, service and operation. */
export interface RequestSummary {
  /** The HTTP method, upper case, e.g. `GET`. */
  method: string;
  /** Redacted: no userinfo, secrets in the query replaced. */
  url: string;
  /** The service class name, e.g. `UsersApi`. */
  service: string;
  /** The method name, e.g. `getUser`. */
  operation: string;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** What every error constructor takes besides its message. */
export interface ApiErrorOptions {
  /** The stable code; each class has its own default (`API_ERROR` for ApiError itself). */
  code?: string;
  /**
   * The underlying error, kept as the standard (non-enumerable) `cause`; an axios error is replaced by
   * a plain copy without its config, request and response, which hold secrets.
   */
  cause?: unknown;
  /** The call the error belongs to; restfit fills it in for the errors it throws. */
  request?: RequestSummary;
}

/** The summary of a call that is not known (yet). */
export const UNKNOWN_REQUEST: RequestSummary = Object.freeze({
  method: '',
  url: '',
  service: '',
  operation: '',
});

/**
 * The root of every error restfit throws. `toJSON()` and `util.inspect` show the fields, never a
 * secret: the URL is redacted, secret headers are replaced, and `cause` (non-enumerable) is summarized.
 */
export class ApiError extends Error {
  /** The class's name as a string literal, so that `err.name` survives minifiers (each restfit class states its own). */
  static readonly errorName: string = 'ApiError';
  /** A stable, machine-readable code, e.g. `NOT_FOUND`, `TIMEOUT`. */
  code: string;
  /** Attempts made for the call, replays included. */
  attempts = 0;
  /** Milliseconds for the whole call. */
  elapsedMs = 0;
  /** Method, redacted URL, service class and method name of the call. */
  request: RequestSummary;
  /** HTTP status where a response arrived; 0 otherwise. */
  status = 0;

  constructor(message: string, options: ApiErrorOptions = {}) {
    // Error's own `cause` option: a non-enumerable property. Axios errors are replaced by a safe copy.
    super(message, options.cause === undefined ? undefined : { cause: safeCause(options.cause) });
    Object.defineProperty(this, 'name', {
      value: errorName(new.target),
      enumerable: false,
      writable: true,
      configurable: true,
    });
    this.code = options.code ?? 'API_ERROR';
    this.request = options.request ?? UNKNOWN_REQUEST;
  }

  /**
   * The error as a plain object for logs: `name`, `message`, `code`, `status`, `attempts`, `elapsedMs`,
   * `request` and the fields of its class. Secret headers are redacted, bodies shortened and `cause`
   * summarized (name, code, message), so it is safe to log.
   */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    toJsonFields(this, json);
    const cause = this.cause instanceof ApiError ? this.cause.toJSON() : describeCause(this.cause);
    if (cause !== undefined) json.cause = cause;
    return json;
  }

  /** util.inspect's hook, by its registered symbol: no import of node:util, so the root error runs anywhere. */
  [INSPECT](depth: number, options: object, inspect?: (value: unknown, options: object) => string): string {
    const head = this.stack ?? `${this.name}: ${this.message}`;
    if (depth < 0) return `[${this.name}: ${this.message}]`;
    const { name: _name, message: _message, ...fields } = this.toJSON();
    return `${head} ${inspect ? inspect(fields, options) : JSON.stringify(fields)}`;
  }
}

/** restfit's own classes by the name they state; your subclasses by their class name. */
function errorName(target: { name: string; errorName: string }): string {
  return Object.hasOwn(target, 'errorName') ? target.errorName : target.name;
}

/** `UsersApi.getUser: ` for messages about a call; empty when the call is unknown. */
export function callPrefix(request: RequestSummary): string {
  return request.service ? `${request.service}.${request.operation}: ` : '';
}

/** `GET https://api.example.com/users/1` (the URL is already redacted); empty when unknown. */
export function callTarget(request: RequestSummary): string {
  return request.method ? `${request.method} ${request.url}` : '';
}

const TEXT_PREVIEW = 2000;

/** Copies an error's own enumerable fields into `json`, secret headers redacted and bodies bounded. */
function toJsonFields(error: object, json: Record<string, unknown>): void {
  for (const key of Object.keys(error)) {
    const value = (error as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === 'headers' && value !== null && typeof value === 'object')
      json[key] = redactHeaders(value as Record<string, unknown>);
    else if (key === 'data') json[key] = previewBody(value);
    else json[key] = value;
  }
}

/** A body as a log line may show it: bytes and streams described, long text cut. */
function previewBody(value: unknown): unknown {
  if (value instanceof Uint8Array) return `[${value.length} bytes]`;
  if (typeof value === 'string')
    return value.length > TEXT_PREVIEW ? `${value.slice(0, TEXT_PREVIEW)}…` : value;
  if (value !== null && typeof value === 'object' && typeof (value as { pipe?: unknown }).pipe === 'function')
    return '[stream]';
  return value;
}

/** A safe summary of a low-level cause (not an ApiError): name, code and message. */
function describeCause(cause: unknown): unknown {
  if (cause === undefined || cause === null) return undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return code === undefined
      ? { name: cause.name, message: cause.message }
      : { name: cause.name, code, message: cause.message };
  }
  return typeof cause === 'object' ? '[object]' : String(cause);
}

/**
 * The low-level cause as an error may keep it. An AxiosError carries the request config (its headers
 * hold the Authorization value), the ClientRequest (its raw header block) and the response; loggers
 * that serialize `err.cause` would print them. Such an error is replaced by a plain copy of its name,
 * message, code and stack, keeping its own cause (the Node error: ECONNREFUSED, ECONNRESET, ...).
 */
function safeCause(cause: unknown): unknown {
  if (!isAxiosError(cause)) return cause;
  const copy = new Error(cause.message) as Error & { code?: string };
  copy.name = cause.name;
  if (cause.code !== undefined) copy.code = cause.code;
  copy.stack = cause.stack;
  if (cause.cause !== undefined) {
    Object.defineProperty(copy, 'cause', {
      value: safeCause(cause.cause),
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

interface AxiosErrorShape {
  isAxiosError: true;
  name: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: unknown;
}

function isAxiosError(value: unknown): value is AxiosErrorShape {
  return (
    typeof value === 'object' && value !== null && (value as { isAxiosError?: unknown }).isAxiosError === true
  );
}
