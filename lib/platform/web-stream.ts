import { concatBytes } from './bytes';
import type { BodyStreamAttempt, BodyStreamErrors } from './shapes';

/** Reads at most `limit` bytes of a streamed (error) body, then ends the attempt. */
export async function readResponseBounded(
  attempt: BodyStreamAttempt,
  limit: number,
  isTooLarge: (cause: unknown) => boolean,
): Promise<Uint8Array> {
  const reader = (attempt.stream as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const room = limit - size;
      if (value.length >= room) {
        chunks.push(value.subarray(0, room));
        break;
      }
      chunks.push(value);
      size += value.length;
    }
  } catch (cause) {
    if (!isTooLarge(cause)) throw cause;
  } finally {
    reader.cancel().catch(ignore);
    attempt.cleanup();
  }
  return concatBytes(chunks);
}

/** The caller's ReadableStream: bounded by `limit`, and by the attempt's timeout and signal while it is read. */
export function guardResponseStream(
  attempt: BodyStreamAttempt,
  limit: number,
  errors: BodyStreamErrors,
): ReadableStream<Uint8Array> {
  const reader = (attempt.stream as ReadableStream<Uint8Array>).getReader();
  let size = 0;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    attempt.cleanup();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        const error = errors.failed(cause);
        end();
        controller.error(error);
        return;
      }
      if (chunk.done) {
        end();
        controller.close();
        return;
      }
      size += chunk.value.length;
      attempt.onChunk?.();
      if (size > limit) {
        const error = errors.tooLarge();
        end();
        reader.cancel(error).catch(ignore);
        controller.error(error);
        return;
      }
      controller.enqueue(chunk.value);
    },
    cancel(reason) {
      end();
      return reader.cancel(reason);
    },
  });
}

function ignore(): void {}

/** Drops a body unread: the attempt ends and the connection closes. */
export function discardResponseStream(attempt: BodyStreamAttempt): void {
  (attempt.stream as ReadableStream<Uint8Array>).cancel().catch(ignore);
  attempt.cleanup();
}
