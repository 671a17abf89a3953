/** Best-effort source names of a function's parameters, for error messages only. */
export function parameterNames(fn: Function): string[] {
  const source = Function.prototype.toString.call(fn);
  const open = source.indexOf('(');
  if (open < 0) return [];
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = open + 1; i < source.length; i++) {
    const ch = source[i];
    if (depth === 0 && (ch === ',' || ch === ')')) {
      names.push(current);
      current = '';
      if (ch === ')') break;
      continue;
    }
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    current += ch;
  }
  return names.map((raw) => {
    const name = raw.replace(/\/\*[\s\S]*?\*\//g, '').split('=')[0].trim().replace(/^\.\.\./, '');
    return /^[\w$]+$/.test(name) ? name : '';
  });
}
