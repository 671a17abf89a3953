import type { ApiResponse } from '../response/api-response';

/** `restfit Users.get GET https://…/users/1 → 503`: how every log line names an outcome (URL redacted). */
export function describeOutcome(outcome: ApiResponse<unknown>): string {
  const r = outcome.request;
  return `restfit ${r.service}.${r.operation} ${r.method} ${r.url} → ${outcome.status || outcome.error?.code}`;
}
