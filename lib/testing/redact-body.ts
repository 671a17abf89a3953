import { REDACTED, isSecretName } from '../errors/redact';

/** A recorded body with secret-looking fields (password, token, client_secret, …) replaced: JSON and forms. */
export function redactBody(text: string, contentType: string | undefined): string {
  if (/json/i.test(contentType ?? '') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.stringify(redactValue(JSON.parse(text)));
    } catch {
      // Not JSON after all: fall through to the form check.
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType ?? '') || /^[^\s=&]+=[^\s]*$/.test(text)) {
    const form = new URLSearchParams(text);
    for (const name of new Set(form.keys())) if (isSecretName(name)) form.set(name, REDACTED);
    return form.toString();
  }
  return text;
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    copy[key] = isSecretName(key) ? REDACTED : redactValue(item);
  return copy;
}
