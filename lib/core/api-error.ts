import { isSecretName, REDACTED, redactHeaders, redactSecretsInText } from './secrets';

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

/** Copies an error's own enumerable fields into `json`: secret headers redacted, everything else bounded. */
function toJsonFields(error: object, json: Record<string, unknown>): void {
  for (const key of Object.keys(error)) {
    const value = (error as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === 'headers' && value !== null && typeof value === 'object')
      json[key] = redactHeaders(value as Record<string, unknown>);
    // A deep or huge body cannot crash or flood a logger that serializes the error.
    else json[key] = boundedJson(value);
  }
}

/** How much of a value `toJSON()` shows: a logger serializing errors must never crash or flood. */
const JSON_LIMITS = Object.freeze({ depth: 8, entries: 100, text: 2_000, total: 32_768 });

/**
 * A JSON-safe copy of `value` within JSON_LIMITS: deeper levels, extra entries and long strings are cut
 * (and say so), bytes and streams are described, cycles are marked, fields with secret-looking names
 * and `key=value` secrets in text are redacted. Never recurses deeper than `depth`, so a body nested
 * 100 000 levels deep renders in constant stack.
 */
export function boundedJson(value: unknown): unknown {
  return copyBounded(value, 0, { left: JSON_LIMITS.total }, new WeakSet());
}

function copyBounded(
  value: unknown,
  depth: number,
  budget: { left: number },
  seen: WeakSet<object>,
): unknown {
  if (budget.left <= 0) return '[…]';
  if (typeof value === 'string') {
    const text = value.length > JSON_LIMITS.text ? `${value.slice(0, JSON_LIMITS.text)}…` : value;
    budget.left -= text.length;
    return redactSecretsInText(text);
  }
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' || value === null) {
    budget.left -= 8;
    return value;
  }
  // A Buffer is a Uint8Array; so are the bytes of other runtimes.
  if (value instanceof Uint8Array) return `[${value.length} bytes]`;
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return '[stream]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (seen.has(value)) return '[circular]';
  if (depth >= JSON_LIMITS.depth) return Array.isArray(value) ? '[array]' : '[object]';
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      const count = Math.min(value.length, JSON_LIMITS.entries);
      for (let i = 0; i < count && budget.left > 0; i++)
        items.push(copyBounded(value[i], depth + 1, budget, seen));
      if (items.length < value.length) items.push(`[… ${value.length - items.length} more]`);
      return items;
    }
    const result: Record<string, unknown> = {};
    const keys = Object.keys(value);
    let shown = 0;
    for (; shown < keys.length && shown < JSON_LIMITS.entries && budget.left > 0; shown++) {
      const key = keys[shown];
      budget.left -= key.length + 4;
      const item = (value as Record<string, unknown>)[key];
      const safe =
        isSecretName(key) && typeof item === 'string' ? REDACTED : copyBounded(item, depth + 1, budget, seen);
      if (key === '__proto__') Object.defineProperty(result, key, { value: safe, enumerable: true });
      else result[key] = safe;
    }
    if (shown < keys.length) result['…'] = `${keys.length - shown} more`;
    return result;
  } finally {
    seen.delete(value);
  }
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
