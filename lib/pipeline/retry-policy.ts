import type { ApiResponse } from '../response/api-response';
import { mergeBackoff, type Backoff, type BackoffOverride, type ExponentialBackoff } from './backoff-shapes';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  methods: string[];
  statusCodes: number[];
  networkErrors: boolean;
  timeouts: boolean;
  /** Exponential `{ baseMs, maxMs, jitter?, factor? }` (full jitter by default) or a function (backoff-shapes.ts). */
  backoff: Backoff;
  maxRetryAfterMs: number;
  deadlineMs?: number;
  retryIf?: (outcome: ApiResponse<unknown>, attempt: number) => boolean;
}

export type RetryOverride = Partial<Omit<RetryPolicy, 'backoff'>> & {
  backoff?: BackoffOverride;
};

const DEFAULT_BACKOFF: ExponentialBackoff = Object.freeze({ baseMs: 200, maxMs: 20_000 });

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  limit: 2,
  methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'],
  statusCodes: [408, 425, 429, 500, 502, 503, 504],
  networkErrors: true,
  timeouts: true,
  backoff: DEFAULT_BACKOFF,
  maxRetryAfterMs: 60_000,
});

/** Merges an override over a policy (`backoff` field by field); `false` disables retries. */
export function mergeRetryPolicy(
  base: RetryPolicy | false,
  override: RetryOverride | false | undefined,
): RetryPolicy | false {
  if (override === undefined) return base;
  if (override === false) return false;
  const from = base === false ? DEFAULT_RETRY_POLICY : base;
  return {
    ...from,
    ...override,
    backoff: mergeBackoff(from.backoff, override.backoff, DEFAULT_BACKOFF),
  } as RetryPolicy;
}
