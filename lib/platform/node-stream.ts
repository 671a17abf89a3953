import { Transform, type Readable } from 'node:stream';
import type { NodeReadable } from './shapes';
import type { BodyStreamAttempt, BodyStreamErrors } from './shapes';

/**
 * Reads at most `limit` bytes of a streamed (error) body, then ends the attempt and frees the connection.
 * A body that trips maxContentLength on the way is kept as far as it was read: it is only an error body.
 */
export async function readResponseBounded(
  attempt: BodyStreamAttempt,
  limit: number,
  isTooLarge: (cause: unknown) => boolean,
): Promise<Uint8Array> {
  const stream = attempt.stream as Readable;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const room = limit - size;
      if (chunk.length >= room) {
        chunks.push(chunk.subarray(0, room));
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (cause) {
    if (!isTooLarge(cause)) throw cause;
  } finally {
    stream.destroy();
    attempt.cleanup();
  }
  return Buffer.concat(chunks);
}

/** The caller's stream: bounded by `limit`, and by the attempt's timeout and signal while it is read. */
export function guardResponseStream(
  attempt: BodyStreamAttempt,
  limit: number,
  errors: BodyStreamErrors,
): NodeReadable {
  const source = attempt.stream as Readable;
  const onChunk = attempt.onChunk;
  let size = 0;
  const guarded = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      onChunk?.();
      // axios enforces maxContentLength too; this covers adapters that do not.
      if (size > limit) callback(errors.tooLarge());
      else callback(null, chunk);
    },
  });
  source.once('error', (cause) => guarded.destroy(errors.failed(cause)));
  // However the caller's stream ends (read, destroyed, failed), the attempt ends and the socket is freed.
  guarded.once('close', () => {
    attempt.cleanup();
    if (!source.destroyed) source.destroy();
  });
  // The caller may not listen yet (it is still opening a file, say) when a timeout or an abort destroys
  // the stream: without a listener that 'error' would crash the process. The error stays on the stream
  // (`readable.errored`), so `for await`, pipeline() and later listeners still see it.
  guarded.on('error', ignore);
  source.pipe(guarded);
  return guarded;
}

function ignore(): void {}

/** Drops a body unread: the attempt ends and the connection closes. */
export function discardResponseStream(attempt: BodyStreamAttempt): void {
  (attempt.stream as Readable).destroy();
  attempt.cleanup();
}
