import { ownCopy } from '../core/own-properties';
import type { ApiResponse } from '../response/api-response';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  methods: string[];
  statusCodes: number[];
  networkErrors: boolean;
  timeouts: boolean;
  backoff: { baseMs: number; maxMs: number };
  maxRetryAfterMs: number;
  deadlineMs?: number;
  retryIf?: (outcome: ApiResponse<unknown>, attempt: number) => boolean;
}

export type RetryOverride = Partial<Omit<RetryPolicy, 'backoff'>> & {
  backoff?: Partial<RetryPolicy['backoff']>;
};

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  limit: 2,
  methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'],
  statusCodes: [408, 425, 429, 500, 502, 503, 504],
  networkErrors: true,
  timeouts: true,
  backoff: Object.freeze({ baseMs: 200, maxMs: 20_000 }),
  maxRetryAfterMs: 60_000,
  // Own (undefined) keys, so that no copy of a policy reads Object.prototype.deadlineMs (issue 10).
  deadlineMs: undefined,
  retryIf: undefined,
});

/** Merges an override over a policy (`backoff` field by field); `false` disables retries. */
export function mergeRetryPolicy(
  base: RetryPolicy | false,
  override: RetryOverride | false | undefined,
): RetryPolicy | false {
  if (override === undefined) return base;
  if (override === false) return false;
  const from = base === false ? DEFAULT_RETRY_POLICY : base;
  const own = ownCopy(override);
  return {
    ...from,
    ...own,
    backoff: { ...from.backoff, ...(own.backoff && ownCopy(own.backoff)) },
  } as RetryPolicy;
}
