import type { PathTemplate } from './call-plan';

const PLACEHOLDER = /\{([^{}]*)\}/g;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const VALID_NAME = /^[A-Za-z_$][\w$.-]*$/;

/** Joins a base path and a method path with exactly one slash between them. */
export function joinPaths(base: string, path: string): string {
  if (!base) return path;
  if (!path) return base;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * Splits `/users/{id}` into statics and placeholder names, and `/search?sort=desc&flag` into the path
 * and its literal query (sent first and exactly as written, as Retrofit's `@GET("/x?a=b")`). Returns a
 * problem description, or the template.
 */
export function compilePathTemplate(declared: string): PathTemplate | string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(declared) || declared.startsWith('//')) {
    return `path "${declared}" is an absolute URL; declare a relative path and set baseURL, or use an @Url() parameter`;
  }
  // Always relative to the base URL's path: "users" means "/users", and a value in a leading
  // placeholder can never extend the base URL's host ("https://api.example.com" + ".evil.com").
  if (declared && !declared.startsWith('/')) declared = `/${declared}`;
  if (declared.includes('#'))
    return `path "${declared}" may not contain "#": a fragment is never sent to the server — remove it`;
  const q = declared.indexOf('?');
  const template = q < 0 ? declared : declared.slice(0, q);
  const query = q < 0 ? '' : declared.slice(q + 1);
  if (/[{}]/.test(query))
    return `path "${declared}" has a placeholder in its query — use a @Query('name') parameter for a value that varies`;
  if (/[\s\0?]/.test(query) || BAD_PERCENT.test(query))
    return `path "${declared}" has whitespace, NUL, a second "?" or a bad %-escape in its query — percent-encode it`;
  const statics: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (!VALID_NAME.test(name)) return `path "${template}" has an invalid placeholder {${name}}`;
    if (names.includes(name)) return `path "${template}" has {${name}} twice`;
    statics.push(template.slice(last, match.index));
    names.push(name);
    last = match.index! + match[0].length;
  }
  statics.push(template.slice(last));
  if (statics.some((text) => /[{}]/.test(text))) return `path "${template}" has an unbalanced "{" or "}"`;
  if (template.split('/').some((segment) => segment === '.' || segment === '..')) {
    return `path "${template}" contains a "." or ".." segment`;
  }
  // Empty items go (`a=1&&b` → `a=1&b`); the rest is sent as written.
  const literal = query.split('&').filter(Boolean).join('&');
  return Object.freeze({
    template,
    statics: Object.freeze(statics),
    names: Object.freeze(names),
    query: literal,
  });
}
