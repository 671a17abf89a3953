import { isSecretName, REDACTED } from './secret-names';
import { redactSecretsInText } from './redact-text';

/** How much of a value `toJSON()` shows: a logger serializing errors must never crash or flood. */
export const JSON_LIMITS = Object.freeze({ depth: 8, entries: 100, text: 2_000, total: 32_768 });

/**
 * A JSON-safe copy of `value` within JSON_LIMITS: deeper levels, extra entries and long strings are cut
 * (and say so), bytes and streams are described, cycles are marked, fields with secret-looking names
 * and `key=value` secrets in text are redacted. Never recurses deeper than `depth`, so a body nested
 * 100 000 levels deep renders in constant stack.
 */
export function boundedJson(value: unknown): unknown {
  const budget = { left: JSON_LIMITS.total };
  return copy(value, 0, budget, new WeakSet());
}

function copy(value: unknown, depth: number, budget: { left: number }, seen: WeakSet<object>): unknown {
  if (budget.left <= 0) return '[…]';
  if (typeof value === 'string') {
    const text = value.length > JSON_LIMITS.text ? `${value.slice(0, JSON_LIMITS.text)}…` : value;
    budget.left -= text.length;
    return redactSecretsInText(text);
  }
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' || value === null) {
    budget.left -= 8;
    return value;
  }
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return '[stream]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (seen.has(value)) return '[circular]';
  if (depth >= JSON_LIMITS.depth) return Array.isArray(value) ? '[array]' : '[object]';
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      const count = Math.min(value.length, JSON_LIMITS.entries);
      for (let i = 0; i < count && budget.left > 0; i++) items.push(copy(value[i], depth + 1, budget, seen));
      if (items.length < value.length) items.push(`[… ${value.length - items.length} more]`);
      return items;
    }
    const result: Record<string, unknown> = {};
    const keys = Object.keys(value);
    let shown = 0;
    for (; shown < keys.length && shown < JSON_LIMITS.entries && budget.left > 0; shown++) {
      const key = keys[shown];
      budget.left -= key.length + 4;
      const item = (value as Record<string, unknown>)[key];
      const safe =
        isSecretName(key) && typeof item === 'string' ? REDACTED : copy(item, depth + 1, budget, seen);
      if (key === '__proto__') Object.defineProperty(result, key, { value: safe, enumerable: true });
      else result[key] = safe;
    }
    if (shown < keys.length) result['…'] = `${keys.length - shown} more`;
    return result;
  } finally {
    seen.delete(value);
  }
}
