export interface SourceParameter {
  /** The name, or '' for a destructuring pattern. */
  name: string;
  /** The default value's source (`page = 1` → `1`), when there is one. */
  defaultValue?: string;
}

/** Best-effort source view of a function's parameters, for messages and checks at create() only. */
export function sourceParameters(fn: Function): SourceParameter[] {
  const source = Function.prototype.toString.call(fn);
  const open = source.indexOf('(');
  if (open < 0) return [];
  const found: SourceParameter[] = [];
  let depth = 0;
  let current = '';
  let equals = -1;
  for (let i = open + 1; i < source.length; i++) {
    const ch = source[i];
    if (depth === 0 && (ch === ',' || ch === ')')) {
      found.push(toParameter(current, equals));
      current = '';
      equals = -1;
      if (ch === ')') break;
      continue;
    }
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === '=' && depth === 0 && equals < 0) equals = current.length;
    current += ch;
  }
  return found;
}

function toParameter(raw: string, equals: number): SourceParameter {
  const head = (equals < 0 ? raw : raw.slice(0, equals))
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .trim()
    .replace(/^\.\.\./, '');
  return {
    name: /^[\w$]+$/.test(head) ? head : '',
    defaultValue: equals < 0 ? undefined : raw.slice(equals + 1).trim(),
  };
}
