import type { RequestSummary } from '../response/api-response';

/** `UsersApi.getUser: ` for messages about a call; empty when the call is unknown. */
export function callPrefix(request: RequestSummary): string {
  return request.service ? `${request.service}.${request.operation}: ` : '';
}

/** `GET https://api.example.com/users/1` (the URL is already redacted); empty when unknown. */
export function callTarget(request: RequestSummary): string {
  return request.method ? `${request.method} ${request.url}` : '';
}
