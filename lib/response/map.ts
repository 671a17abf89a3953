import { plainToInstance } from 'class-transformer';
import { callPrefix } from '../core/api-error';
import type { RequestSummary } from '../core/exchange';
import type { ReturnsMetadata } from '../decorators/metadata';
import { ApiError, DecodeError } from '../errors/errors';

/** Maps a decoded JSON body onto the `@Returns` class; a failure is a DecodeError, never a silent plain object. */
export function mapBody(
  data: unknown,
  returns: ReturnsMetadata,
  request: RequestSummary,
  status: number,
): unknown {
  if (data === undefined || data === null) return data;
  // A stream cannot be mapped; the caller asked for it with @ResponseType('stream').
  if (typeof (data as { pipe?: unknown }).pipe === 'function') return data;
  const name = returns.type.name;
  const declared = returns.array ? `[${name}]` : name;
  if (returns.array !== Array.isArray(data) || typeof data !== 'object' || data instanceof Uint8Array) {
    const got = Array.isArray(data) ? 'an array' : data instanceof Uint8Array ? 'bytes' : typeof data;
    throw new DecodeError(
      `${callPrefix(request)}@Returns(${declared}) expects ${returns.array ? 'an array' : 'an object'}, got ${got} (HTTP ${status})`,
      {
        request,
        status,
      },
    );
  }
  try {
    return plainToInstance(returns.type, data);
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw new DecodeError(
      `${callPrefix(request)}mapping the body to @Returns(${declared}) failed: ${(cause as Error)?.message ?? cause}`,
      {
        request,
        status,
        cause,
      },
    );
  }
}
