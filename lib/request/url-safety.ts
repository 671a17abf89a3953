/**
 * What may never pass for a relative path (API.md §12.3, issue 10). Browsers and the WHATWG URL parser
 * read `//host`, `\host`, `/\host` and a leading space or control character as "another origin" (or
 * strip it), so an `@Url` value or a declared path starting that way could leave the base URL's origin.
 */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const OTHER_AUTHORITY = /^(?:[\\/][\\/]|\\)/;
// eslint-disable-next-line no-control-regex
const LEADING_BLANK = /^[\s\x00-\x1f]/;

/** Why an `@Url()` value is refused, or undefined when it may be resolved against the base URL. */
export function callUrlProblem(value: string): string | undefined {
  if (LEADING_BLANK.test(value))
    return `${JSON.stringify(value)} begins with whitespace or a control character — trim it`;
  if (OTHER_AUTHORITY.test(value))
    return `${JSON.stringify(value)} begins with "//", "\\" or "/\\", which names another host — give an absolute URL with its scheme (https://…) or a path`;
  return undefined;
}

/** Why a declared path (`@Get(path)`, `@BasePath(prefix)`) is refused as an absolute URL, or undefined. */
export function absolutePathProblem(path: string): string | undefined {
  if (SCHEME.test(path) || OTHER_AUTHORITY.test(path) || LEADING_BLANK.test(path))
    return `path "${path}" is an absolute URL; declare a relative path and set baseURL, or use an @Url() parameter`;
  return undefined;
}
