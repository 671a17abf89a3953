/** Axios headers as a plain object with lower-case names; repeated values joined (set-cookie by newlines). */
export function plainHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers || typeof headers !== 'object') return result;
  // AxiosHeaders keeps each header as an own property of the instance: read them directly, no toJSON() copy.
  const source = headers as Record<string, unknown>;
  for (const name of Object.keys(source)) {
    const value = source[name];
    if (value === undefined || value === null || value === false || typeof value === 'function') continue;
    const key = name.toLowerCase();
    result[key] = Array.isArray(value) ? value.join(key === 'set-cookie' ? '\n' : ', ') : String(value);
  }
  return result;
}
