const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

/**
 * Splits a declared path such as `/search?sort=desc&flag` into the path and its literal query, which is
 * sent first and exactly as written (Retrofit's `@GET("/x?a=b")`). Returns a problem description for a
 * query restfit could not send as written.
 */
export function splitLiteralQuery(declared: string): { path: string; query: string } | string {
  const q = declared.indexOf('?');
  if (q < 0) return { path: declared, query: '' };
  const path = declared.slice(0, q);
  const query = declared.slice(q + 1);
  if (declared.includes('#')) return `path "${declared}" may not contain "#"`;
  if (/[{}]/.test(query)) {
    return `path "${declared}" has a placeholder in its query — use a @Query('name') parameter for a value that varies`;
  }
  if (/[\s\0?]/.test(query) || BAD_PERCENT.test(query)) {
    return `path "${declared}" has whitespace, NUL, a second "?" or a bad %-escape in its query — percent-encode it`;
  }
  return { path, query: query.split('&').filter(Boolean).join('&') };
}
