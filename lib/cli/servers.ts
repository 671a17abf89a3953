import type { ServerObject } from './openapi';

/** Where a service's operations go: the first server of the operation, path or document. */
export interface Server {
  /** The URL with its variables' defaults filled in ('' when the document names none). */
  url: string;
  /** `protocol://host[:port]`, the client's baseURL; undefined for a relative or unresolved URL. */
  origin?: string;
  /** The URL's path, for `@BasePath` ('' for none). */
  basePath: string;
  /** A short word for the server (its host's first label), to name a service of its own. */
  label: string;
  /** What the generated code should tell about the server (alternatives, variables). */
  note?: string;
}

export function serverOf(servers: ServerObject[] | undefined): Server {
  const server = servers?.[0];
  if (!server?.url) return { url: '', basePath: '', label: '' };
  const variables = Object.entries(server.variables ?? {});
  const url = server.url.replace(
    /\{([^{}]+)\}/g,
    (whole, name: string) => server.variables?.[name]?.default ?? whole,
  );
  const notes = [
    variables.length > 0 &&
      `Server variables (defaults filled in): ${variables.map(([name, v]) => `${name}${v.enum ? ` (${v.enum.join(' | ')})` : ''} = "${v.default}"`).join(', ')}.`,
    servers!.length > 1 &&
      `Other servers: ${servers!
        .slice(1)
        .map((s) => s.url)
        .join(', ')}.`,
  ].filter(Boolean);
  if (url.includes('{')) {
    notes.push(`The server URL ${server.url} has variables without defaults: give the whole URL as baseURL.`);
    return { url, basePath: '', label: 'server', note: notes.join(' ') };
  }
  const note = notes.length ? notes.join(' ') : undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    const parsed = new URL(url);
    const label = parsed.hostname.split('.').find((part) => !/^(api|www)$/i.test(part)) ?? parsed.hostname;
    return { url, origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, ''), label, note };
  }
  const basePath = url.replace(/\/+$/, '');
  return {
    url,
    basePath: basePath === '' || basePath.startsWith('/') ? basePath : `/${basePath}`,
    label: basePath.split('/').pop() || 'server',
    note,
  };
}
