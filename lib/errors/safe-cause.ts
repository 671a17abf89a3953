/**
 * The low-level cause as an error may keep it. An AxiosError carries the request config (its headers
 * hold the Authorization value), the ClientRequest (its raw header block) and the response; loggers
 * that serialize `err.cause` would print them. Such an error is replaced by a plain copy of its name,
 * message, code and stack, keeping its own cause (the Node error: ECONNREFUSED, ECONNRESET, ...).
 */
export function safeCause(cause: unknown): unknown {
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
