import { DecodeError } from '../errors/errors';

const XSSI_PREFIX = ")]}'";
const SNIPPET_LENGTH = 120;

/** Strips a BOM and an XSSI prefix, parses, and drops `__proto__` keys so nothing can pollute prototypes. */
export function parseJson(bytes: Buffer, status: number): unknown {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.trim();
  if (text.startsWith(XSSI_PREFIX)) text = text.slice(XSSI_PREFIX.length).replace(/^,?\s*/, '');
  try {
    // The reviver costs time; only bodies that mention __proto__ need it.
    return text.includes('__proto__') ? JSON.parse(text, dropProtoKeys) : JSON.parse(text);
  } catch (cause) {
    throw new DecodeError(`The body is not valid JSON (HTTP ${status}): ${snippet(text)}`, {
      status,
      snippet: snippet(text),
      cause,
    });
  }
}

function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

export function snippet(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > SNIPPET_LENGTH ? `${oneLine.slice(0, SNIPPET_LENGTH)}…` : oneLine;
}
