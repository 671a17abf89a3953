/** What replaces a secret value wherever restfit logs, throws or serializes it. */
export const REDACTED = '[REDACTED]';

/** Header names whose values are never logged or thrown. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
]);

// Anywhere in the name: access_token, pageToken, client-secret, password, X-Goog-Api-Key, sessionid ...
const SECRET_WORD =
  /token|secret|passw|pwd|api[-_.]?key|credential|signature|session|sessid|cookie|authorization/i;
// As the last word only, so that `author` or `keyword` stay visible: api.key, sig, sid, code, auth.
const SECRET_SUFFIX = /(?:^|[-_.])(?:key|sig|sid|code|auth)$/i;

/** Header and query names that carry a secret although they do not look like it (apiKeyAuth's names). */
const REGISTERED_SECRET_NAMES = new Set<string>();

/** Marks a header or query name as secret everywhere restfit logs or throws (used by apiKeyAuth). */
export function registerSecretName(name: string): void {
  REGISTERED_SECRET_NAMES.add(name.toLowerCase());
  verdicts.clear();
}

// The same header and query names come back on every call: their verdicts are kept (for a bounded
// number of names, so maps with ever new names cannot grow it) and forgotten when a name is registered.
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 512;

/** Names that look like they carry a secret (api_key, access_token, password, ...) or were registered. */
export function isSecretName(name: string): boolean {
  let secret = verdicts.get(name);
  if (secret === undefined) {
    const lower = name.toLowerCase();
    secret =
      SECRET_WORD.test(name) ||
      SECRET_SUFFIX.test(name) ||
      SECRET_HEADERS.has(lower) ||
      REGISTERED_SECRET_NAMES.has(lower);
    if (verdicts.size < MAX_VERDICTS) verdicts.set(name, secret);
  }
  return secret;
}

/** A copy of the headers with secret values replaced. */
export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(headers)) copy[name] = isSecretName(name) ? REDACTED : headers[name];
  return copy;
}

// "name": "value" (a JSON field, possibly cut at the end) and name=value (a form body, a query, a log line).
const SECRET_JSON_FIELD = /"([^"\\]{1,64})"(\s*:\s*)"(?:[^"\\]|\\.)*"?/g;
const SECRET_PAIR = /(^|[^\w.\-[\]])([\w.\-[\]]{1,64})(\s*=\s*)([^&\s;,"']*)/g;

/**
 * Text as an error may show it: values of secret-looking JSON fields and `key=value` pairs
 * (`access_token=…`, `password=…`, `client_secret=…`) replaced by `[REDACTED]`. Used for DecodeError
 * snippets, HttpError messages and the text in `toJSON()` (a form body that claims to be JSON too).
 */
export function redactSecretsInText(text: string): string {
  if (!text.includes('"') && !text.includes('=')) return text;
  return text
    .replace(SECRET_JSON_FIELD, (field, name: string, colon: string) =>
      isSecretName(name) ? `"${name}"${colon}"${REDACTED}"` : field,
    )
    .replace(SECRET_PAIR, (pair, before: string, name: string, equals: string, value: string) =>
      value && isSecretName(name.replace(/\[\]$/, '')) ? `${before}${name}${equals}${REDACTED}` : pair,
    );
}
