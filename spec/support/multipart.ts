/** One part of a multipart/form-data body as the server sees it. */
export interface ReceivedPart {
  headers: Record<string, string>;
  name?: string;
  filename?: string;
  contentType?: string;
  body: Buffer;
}

/** A small, strict multipart/form-data parser for asserting what a test server received. */
export function parseMultipart(body: Buffer, contentType: string | undefined): ReceivedPart[] {
  const match = /boundary=("?)([^";]+)\1/i.exec(contentType ?? '');
  if (!match) throw new Error(`no boundary in content type ${contentType}`);
  const delimiter = Buffer.from(`--${match[2]}`);
  const parts: ReceivedPart[] = [];
  let at = body.indexOf(delimiter);
  if (at !== 0) throw new Error('body does not start with the boundary');
  for (let guard = 0; guard < 10_000; guard++) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') {
      if (body.subarray(at + 2).toString() !== '\r\n')
        throw new Error('unexpected bytes after the closing boundary');
      return parts;
    }
    if (body.subarray(at, at + 2).toString() !== '\r\n') throw new Error('boundary not followed by CRLF');
    const headerEnd = body.indexOf('\r\n\r\n', at + 2);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd);
    if (headerEnd < 0 || next < 0) throw new Error('truncated part');
    const headers: Record<string, string> = {};
    for (const line of body
      .subarray(at + 2, headerEnd)
      .toString('utf8')
      .split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const disposition = headers['content-disposition'] ?? '';
    parts.push({
      headers,
      name: /(?:^|;\s*)name="([^"]*)"/.exec(disposition)?.[1],
      filename: /;\s*filename="([^"]*)"/.exec(disposition)?.[1],
      contentType: headers['content-type'],
      body: body.subarray(headerEnd + 4, next),
    });
    at = next + 2;
  }
  throw new Error('too many parts');
}
