/** Summarizes a .cpuprofile: self time by function (top N), and total (inclusive) time of restfit's own functions. */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}

const [file, topArg = '40'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const total = profile.nodes.reduce((sum, n) => sum + n.hitCount, 0);
const label = (n: Node) => {
  const url = n.callFrame.url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
};

const self = new Map<string, number>();
for (const n of profile.nodes) self.set(label(n), (self.get(label(n)) ?? 0) + n.hitCount);

// Inclusive: every distinct frame label on the stack of a sample counts once for that sample.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
for (const n of profile.nodes) {
  if (!n.hitCount) continue;
  const seen = new Set<string>();
  for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
    const l = label(byId.get(id)!);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + n.hitCount);
  }
}

const pct = (v: number) => `${((v / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`${total} samples\n\nSELF`);
for (const [l, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg)))
  console.log(`${pct(v)}  ${l}`);
console.log('\nINCLUSIVE (lib/ and bench/ only)');
for (const [l, v] of [...inclusive].sort((a, b) => b[1] - a[1])) {
  if (/ (lib|bench)\//.test(l)) console.log(`${pct(v)}  ${l}`);
}
