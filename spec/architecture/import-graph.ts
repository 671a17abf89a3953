import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/**
 * The folders of lib/ in flow order: a file may import its own folder and folders listed before it.
 * Folders on one line share a rank (auth and pipeline use each other's vocabulary only through core),
 * but the entry points on the last line never import each other. `platform` is the runtime seam (node.ts
 * or web.ts): core may not use it; it comes after errors because the web platform refuses Node-only
 * options and FileTokenStore with a DeclarationError. lib/index.ts is the public surface and may import anything.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['errors'],
  ['platform'],
  ['decorators'],
  ['declaration'],
  ['request'],
  ['response'],
  ['auth', 'pipeline'],
  ['client'],
  ['testing', 'redis', 'otel', 'cli', 'undici'],
];

/** One import edge between two files of lib/, as paths relative to lib/ without extension. */
export interface Edge {
  from: string;
  to: string;
}

/** Every relative import of every .ts file under `root`, `import type` and `export … from` included. */
export function importEdges(root: string): Edge[] {
  const edges: Edge[] = [];
  for (const file of tsFiles(root)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      edges.push({ from: moduleId(root, file), to: moduleId(root, resolveModule(dirname(file), fileName)) });
    }
  }
  return edges;
}

function tsFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...tsFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

function resolveModule(fromDir: string, specifier: string): string {
  const base = resolve(fromDir, specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next candidate
    }
  }
  return base;
}

function moduleId(root: string, file: string): string {
  return relative(root, file).replace(/\\/g, '/').replace(/\.ts$/, '');
}

/** The rank of a module's folder in LAYERS; undefined for lib/index.ts and unknown folders. */
export function rankOf(id: string): number | undefined {
  if (!id.includes('/')) return undefined;
  const folder = id.split('/')[0];
  const rank = LAYERS.findIndex((layer) => layer.includes(folder));
  return rank < 0 ? undefined : rank;
}

/** Imports that run against the flow: into a later folder, or into a folder this one does not know. */
export function layerViolations(edges: readonly Edge[]): string[] {
  const problems: string[] = [];
  for (const { from, to } of edges) {
    if (!from.includes('/')) continue; // lib/index.ts: the public surface
    const fromRank = rankOf(from);
    const toRank = rankOf(to);
    if (fromRank === undefined) problems.push(`${from}: its folder is not in the layer order`);
    else if (toRank === undefined) problems.push(`${from} → ${to}: imports outside the layer order`);
    else if (toRank > fromRank) problems.push(`${from} → ${to}: a folder imports one listed after it`);
    else if (toRank === fromRank && from.split('/')[0] !== to.split('/')[0] && fromRank === LAYERS.length - 1)
      problems.push(`${from} → ${to}: entry points do not import each other`);
  }
  return problems;
}

/** Every import cycle, each as the list of modules around it (found by Tarjan's strongly connected components). */
export function importCycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    next.get(from)!.push(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node)!) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = next.get(node)!.includes(node);
      if (component.length > 1 || selfLoop) cycles.push(component.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}
