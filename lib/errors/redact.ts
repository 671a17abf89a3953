import { isSecretName, REDACTED } from '../core/secrets';

export { REDACTED, SECRET_HEADERS, isSecretName, registerSecretName, redactHeaders } from '../core/secrets';

/** The redaction marker as it reads once percent-encoded: replaced back so logs show `[REDACTED]`. */
export const ENCODED_REDACTED = encodeURIComponent(REDACTED);

/** Removes userinfo from a URL string. */
export function withoutUserinfo(url: string): string {
  // Most URLs carry no userinfo: skip the regex (it needs an "@" to match anyway).
  if (!url.includes('@')) return url;
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
}

/** A copy of the query with secret-looking values replaced (the same object when nothing is secret). */
export function redactQuery(query: Record<string, string | string[]>): Record<string, string | string[]> {
  let copy: Record<string, string | string[]> | undefined;
  for (const name of Object.keys(query)) {
    if (isSecretName(name)) {
      copy ??= { ...query };
      copy[name] = REDACTED;
    }
  }
  return copy ?? query;
}

/** Replaces secret values in the query string of a full URL. */
export function redactUrl(url: string): string {
  const clean = withoutUserinfo(url);
  const q = clean.indexOf('?');
  if (q < 0) return clean;
  const params = new URLSearchParams(clean.slice(q + 1));
  let changed = false;
  for (const name of new Set(params.keys())) {
    if (isSecretName(name)) {
      params.set(name, REDACTED);
      changed = true;
    }
  }
  return changed ? `${clean.slice(0, q)}?${params.toString().replaceAll(ENCODED_REDACTED, REDACTED)}` : clean;
}
