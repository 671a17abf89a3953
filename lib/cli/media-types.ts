/** How a body of a media type travels: what the generated method declares for it. */
export type MediaKind =
  'json' | 'event-stream' | 'json-lines' | 'multipart' | 'form' | 'binary' | 'text' | 'any';

/** The media type without parameters, lower case: `application/json; charset=utf-8` → `application/json`. */
export function essence(mediaType: string): string {
  return mediaType.split(';')[0].trim().toLowerCase();
}

export function mediaKind(mediaType: string): MediaKind {
  const type = essence(mediaType);
  if (type === 'text/event-stream') return 'event-stream';
  if (/^application\/(x-ndjson|ndjson|jsonl|x-jsonlines|jsonlines|json-seq)$/.test(type)) return 'json-lines';
  if (type === 'multipart/form-data' || type === 'multipart/mixed') return 'multipart';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (/^[\w.+-]+\/([\w.+-]*[+.])?json([+.][\w.+-]*)?$/.test(type)) return 'json';
  if (type === '*/*' || type === 'application/*') return 'any';
  if (/^(text\/|application\/(xml|javascript|x-yaml|yaml|csv|graphql)$|[\w.+-]+\/[\w.+-]+\+xml$)/.test(type))
    return 'text';
  return 'binary';
}

/** restfit's `'auto'` decoding reads these as JSON; other JSON types need `@ResponseType('json')`. */
export function decodedAsJson(mediaType: string): boolean {
  return /^application\/json$|^[\w.+-]+\/[\w.+-]+\+json$/.test(essence(mediaType));
}

/** Which of a body's media types the generated method uses: JSON first, then forms, then the rest. */
export function preferredMedia(types: string[]): string | undefined {
  const order: MediaKind[] = [
    'json',
    'multipart',
    'form',
    'text',
    'binary',
    'any',
    'json-lines',
    'event-stream',
  ];
  return [...types].sort((a, b) => order.indexOf(mediaKind(a)) - order.indexOf(mediaKind(b)))[0];
}
