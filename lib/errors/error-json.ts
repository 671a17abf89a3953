import { redactHeaders } from './secret-names';

const TEXT_PREVIEW = 2000;

/** Copies an error's own enumerable fields into `json`, secret headers redacted and bodies bounded. */
export function toJsonFields(error: object, json: Record<string, unknown>): void {
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
