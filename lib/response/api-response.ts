import type { ApiError } from '../errors/errors';

export interface RequestSummary {
  method: string;
  /** Redacted: no userinfo, secrets in the query replaced. */
  url: string;
  service: string;
  operation: string;
}

/** The outcome of a call: always has a status (0 when no response arrived) and, unless ok, an error. */
export interface ApiResponse<T = unknown> {
  ok: boolean;
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ', ' (set-cookie with '\n'). */
  headers: Record<string, string>;
  data: T | undefined;
  error?: ApiError;
  elapsedMs: number;
  attempts: number;
  request: RequestSummary;
}
