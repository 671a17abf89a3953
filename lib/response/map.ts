import { plainToInstance } from 'class-transformer';
import type { ReturnsMetadata } from '../decorators/metadata-keys';
import { ApiError, DecodeError } from '../errors/errors';
import type { RequestSummary } from './api-response';

/** Maps a decoded JSON body onto the `@Returns` class; a failure is a DecodeError, never a silent plain object. */
export function mapBody(data: unknown, returns: ReturnsMetadata, request: RequestSummary, status: number): unknown {
  if (data === undefined || data === null) return data;
  const name = returns.type.name;
  if (returns.array !== Array.isArray(data) || typeof data !== 'object' || Buffer.isBuffer(data)) {
    const got = Array.isArray(data) ? 'an array' : Buffer.isBuffer(data) ? 'bytes' : typeof data;
    throw new DecodeError(
      `${request.service}.${request.operation}: @Returns(${returns.array ? `[${name}]` : name}) expects ${returns.array ? 'an array' : 'an object'}, got ${got}`,
      { request, status },
    );
  }
  try {
    return plainToInstance(returns.type, data);
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw new DecodeError(`${request.service}.${request.operation}: mapping the body to ${name} failed: ${(cause as Error)?.message}`, {
      request,
      status,
      cause,
    });
  }
}
