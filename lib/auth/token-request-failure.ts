import { isAxiosError } from 'axios';
import type { AuthContext } from '../core/auth';
import { callTarget } from '../core/api-error';
import type { RequestSummary } from '../core/exchange';
import { TimeoutError } from '../errors/errors';
import { redactUrl } from '../errors/redact';
import { classifyTransportError } from '../response/transport-error';

/**
 * What a token request sent straight through the client's axios instance (`ctx.axios`) threw, as
 * restfit's own error when no response arrived: a NetworkError (with its `kind`) or a TimeoutError.
 * So an AuthError's `cause` has one shape whether obtain() called a method of the client or axios.
 * Anything else (an ApiError, a response the provider rejected, its own Error) is returned as it is.
 */
export function restfitCause(thrown: unknown, context: AuthContext): unknown {
  if (!isAxiosError(thrown) || thrown.response) return thrown;
  const config = thrown.config;
  const summary: RequestSummary = {
    method: (config?.method ?? '').toUpperCase(),
    url: redactUrl(tokenUrl(config?.url, config?.baseURL)),
    service: '',
    operation: '',
  };
  if (thrown.code === 'ETIMEDOUT' || (thrown.code === 'ECONNABORTED' && /timeout/i.test(thrown.message))) {
    return new TimeoutError(`The token request got no response in time (${callTarget(summary)})`, {
      request: summary,
      cause: thrown,
    });
  }
  return classifyTransportError(thrown, { maxContentLength: context.maxContentLength }, summary);
}

function tokenUrl(url = '', baseURL?: string): string {
  try {
    return new URL(url, baseURL).href;
  } catch {
    return url;
  }
}
