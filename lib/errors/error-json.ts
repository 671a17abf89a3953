import { boundedJson } from './bounded-json';
import { redactHeaders } from './secret-names';

/** Copies an error's own enumerable fields into `json`, secret headers redacted and bodies bounded. */
export function toJsonFields(error: object, json: Record<string, unknown>): void {
  for (const key of Object.keys(error)) {
    const value = (error as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === 'headers' && value !== null && typeof value === 'object')
      json[key] = redactHeaders(value as Record<string, unknown>);
    // Bounded: a deep or huge body (or any other field) cannot crash or flood a logger (issue 10).
    else json[key] = boundedJson(value);
  }
}

/** A safe summary of a low-level cause (not an ApiError): name, code and message. */
export function describeCause(cause: unknown): unknown {
  if (cause === undefined || cause === null) return undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return code === undefined
      ? { name: cause.name, message: cause.message }
      : { name: cause.name, code, message: cause.message };
  }
  return typeof cause === 'object' ? '[object]' : String(cause);
}
