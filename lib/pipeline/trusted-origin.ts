/**
 * Whether `url` (absolute, as built by restfit) is on `origin` (`scheme://host[:port]` of baseURL). The
 * common case is a prefix check; anything else (userinfo, odd spelling) is parsed and compared.
 */
export function isTrustedOrigin(url: string, origin: string): boolean {
  if (!origin) return false;
  if (url.startsWith(origin)) {
    const after = url.charCodeAt(origin.length);
    // '/', '?', '#' or the end: the authority ends exactly where the origin does.
    if (Number.isNaN(after) || after === 47 || after === 63 || after === 35) return true;
  }
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}
