const RESERVED_WORDS = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval constructor'.split(
    ' ',
  ),
);

/**
 * Names a generated export may not take: globals and the imports of the generated files (restfit's
 * decorators, class-transformer's `Type`), so a schema called `Date` or `Body` cannot shadow them.
 */
export const TAKEN_GLOBALLY = [
  // TypeScript and runtime globals the generated code uses or a user expects.
  'Array Blob Boolean Buffer Date Error File FormData Function JSON Map Math Number Object Omit Partial Pick Promise ReadableStream Readable Record Reflect Request Response Set String Symbol Uint8Array AsyncIterable Iterable Exclude Extract InstanceType Required Readonly',
  // What the generated files import from class-transformer and restfit.
  'Type Get Post Put Patch Delete Head Options Http BasePath Headers FormUrlEncoded Multipart Returns ResponseType NoAuth Auth Path Query QueryMap Header HeaderMap Body Field FieldMap Part Url CallOptions ServerSentEvents ServerSentEvent JsonLines AuthProvider ApiRequest',
  // What the generator itself declares.
  'Plain LazyRef Security SecurityProviders',
]
  .join(' ')
  .split(' ');

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

export function pascalCase(text: string): string {
  const result = words(text)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return /^[0-9]/.test(result) ? `_${result}` : result || 'Unnamed';
}

export function camelCase(text: string): string {
  const pascal = pascalCase(text);
  const result = pascal.startsWith('_') ? pascal : pascal.charAt(0).toLowerCase() + pascal.slice(1);
  return RESERVED_WORDS.has(result) ? `${result}_` : result;
}

export function kebabCase(text: string): string {
  return words(text)
    .map((word) => word.toLowerCase())
    .join('-');
}

/** A property key as written in a class or type literal: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** A string literal in single quotes, as the generated code writes them. */
export function quote(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${escaped.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

/** A set of names where a clash gets 2, 3, ...; `fold` makes `items` and `Items` clash (file names). */
export class NameSet {
  private readonly taken = new Set<string>();

  constructor(
    reserved: Iterable<string> = [],
    private readonly fold: (name: string) => string = (name) => name,
  ) {
    for (const name of reserved) this.taken.add(this.fold(name));
  }

  has(name: string): boolean {
    return this.taken.has(this.fold(name));
  }

  /** `name`, or `name2`, `name3`, ... (`separator` between them) — whichever is free; it is then taken. */
  claim(name: string, separator = ''): string {
    let candidate = name;
    for (let i = 2; this.taken.has(this.fold(candidate)); i++) candidate = `${name}${separator}${i}`;
    this.taken.add(this.fold(candidate));
    return candidate;
  }
}

/** A JSDoc block from lines of text (empty lines dropped); '' when there is nothing to say. */
export function comment(lines: (string | undefined | false)[], indent: string): string {
  const text = lines
    .filter((line): line is string => typeof line === 'string' && line.trim() !== '')
    .join('\n')
    .trim()
    .replace(/\*\//g, '*\\/')
    .split('\n')
    .map((line) => line.trimEnd());
  if (text.length === 0 || (text.length === 1 && text[0] === '')) return '';
  return text.length === 1
    ? `${indent}/** ${text[0]} */\n`
    : `${indent}/**\n${text.map((l) => `${indent} *${l ? ` ${l}` : ''}`).join('\n')}\n${indent} */\n`;
}
