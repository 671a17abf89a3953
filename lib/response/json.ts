import { callPrefix, callTarget, UNKNOWN_REQUEST } from '../core/api-error';
import type { RequestSummary } from '../core/exchange';
import { redactSecretsInText } from '../core/secrets';
import { DecodeError } from '../errors/errors';
import { utf8Text } from '../platform';

const XSSI_PREFIX = ")]}'";
const SNIPPET_LENGTH = 120;

/** What a decode error says about the response it could not decode. */
export interface BodyContext {
  status: number;
  contentType: string | undefined;
  request: RequestSummary;
}

/**
 * Parses a JSON body. A UTF-8 BOM, an XSSI prefix (`)]}'`) and surrounding whitespace are accepted;
 * `__proto__` keys are dropped so that nothing downstream (class-transformer, Object.assign, a merge)
 * can pollute a prototype. Throws a DecodeError with a short snippet and the SyntaxError as cause.
 */
export function parseJson(bytes: Uint8Array, where: BodyContext | number): unknown {
  return parseJsonText(utf8Text(bytes), where, bytes);
}

/** `parseJson` for text already decoded (one event of a stream); `bytes`, when known, is kept on the error. */
export function parseJsonText(body: string, where: BodyContext | number, bytes?: Uint8Array): unknown {
  // Most bodies start with { or [: nothing to strip.
  const first = body.charCodeAt(0);
  const text = first === 0x7b || first === 0x5b ? body : jsonText(body);
  try {
    // The reviver costs time; only a body that mentions __proto__ needs it.
    return text.includes('__proto__') ? JSON.parse(text, dropProtoKeys) : JSON.parse(text);
  } catch (cause) {
    const context =
      typeof where === 'number' ? { status: where, contentType: undefined, request: UNKNOWN_REQUEST } : where;
    const size = bytes?.length ?? new TextEncoder().encode(body).length;
    throw new DecodeError(
      `${callPrefix(context.request)}the body is not valid JSON (HTTP ${context.status}${describeBody(context, size)}): ${snippet(text)}`,
      { status: context.status, snippet: snippet(text), body: bytes, cause, request: context.request },
    );
  }
}

/** The text without a BOM or an XSSI prefix (JSON.parse itself skips the whitespace). */
function jsonText(text: string): string {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let i = start;
  while (isJsonSpace(text.charCodeAt(i))) i++;
  if (text.startsWith(XSSI_PREFIX, i)) {
    start = i + XSSI_PREFIX.length;
    if (text.charCodeAt(start) === 0x2c /* , */) start++;
  }
  return start === 0 ? text : text.slice(start);
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** A cheap look at the first significant byte: could this untyped body be JSON? */
export function looksLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && isJsonSpace(bytes[i])) i++;
  const c = bytes[i];
  // { [ " - 0-9 t f n, or ) for an XSSI prefix
  return (
    c === 0x7b ||
    c === 0x5b ||
    c === 0x22 ||
    c === 0x2d ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x74 ||
    c === 0x66 ||
    c === 0x6e ||
    c === 0x29
  );
}

function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

function describeBody(context: BodyContext, size: number): string {
  const target = callTarget(context.request);
  return `${context.contentType ? `, ${context.contentType}` : ''}, ${size} bytes${target ? `, ${target}` : ''}`;
}

/** A short, one-line, printable start of a body; secret-looking JSON fields and key=value pairs are replaced. */
export function snippet(text: string): string {
  const head = text.length > SNIPPET_LENGTH * 2 ? text.slice(0, SNIPPET_LENGTH * 2) : text;
  // eslint-disable-next-line no-control-regex
  const line = redactSecretsInText(head.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim());
  return line.length > SNIPPET_LENGTH || text.length > head.length
    ? `${line.slice(0, SNIPPET_LENGTH)}…`
    : line;
}
