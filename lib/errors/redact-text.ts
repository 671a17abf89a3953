import { isSecretName, REDACTED } from './secret-names';

// "name": "value" (a JSON field, possibly cut at the end) and name=value (a form body, a query, a log line).
const SECRET_JSON_FIELD = /"([^"\\]{1,64})"(\s*:\s*)"(?:[^"\\]|\\.)*"?/g;
const SECRET_PAIR = /(^|[^\w.\-[\]])([\w.\-[\]]{1,64})(\s*=\s*)([^&\s;,"']*)/g;

/**
 * Text as an error may show it: values of secret-looking JSON fields and `key=value` pairs
 * (`access_token=…`, `password=…`, `client_secret=…`) replaced by `[REDACTED]`. Used for DecodeError
 * snippets, HttpError messages and the text bodies in `toJSON()`.
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
