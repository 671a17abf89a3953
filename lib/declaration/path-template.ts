import type { PathTemplate } from './call-plan';

const PLACEHOLDER = /\{([^{}]*)\}/g;
const VALID_NAME = /^[A-Za-z_$][\w$.-]*$/;

/** Joins a base path and a method path with exactly one slash between them. */
export function joinPaths(base: string, path: string): string {
  if (!base) return path;
  if (!path) return base;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * Splits `/users/{id}` into statics and placeholder names; returns a problem description or the template.
 * (parse.ts has refused absolute parts already: core/http.ts `absolutePathProblem`.)
 */
export function compilePathTemplate(template: string): PathTemplate | string {
  // Always relative to the base URL's path: "users" means "/users", and a value in a leading
  // placeholder can never extend the base URL's host ("https://api.example.com" + ".evil.com").
  if (template && !template.startsWith('/')) template = `/${template}`;
  if (/[?#]/.test(template))
    return `path "${template}" may not contain "?" or "#"; use @Query for query parameters`;
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
  return Object.freeze({ template, statics: Object.freeze(statics), names: Object.freeze(names) });
}
