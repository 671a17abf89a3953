/*
 * Every ```ts block of README.md and docs/*.md is typechecked, so the documentation cannot rot.
 *
 * Each block becomes one module in a git-ignored folder inside the repository (so the project's
 * tsconfig `paths` map 'restfit' and 'restfit/*' to lib/) and the whole set is typechecked with the
 * project's compiler options. A block whose info string says `ts fragment` is skipped (keep those
 * rare); a block marked `ts run=<name>` is also run by spec/docs/examples.spec.ts against the demo server.
 *
 * Run alone: npx ts-node --transpile-only scripts/check-doc-examples.ts
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

export const ROOT = resolve(__dirname, '..');
/** Where the blocks are written while they are checked; listed in .gitignore, removed afterwards. */
export const OUT_DIR = join(ROOT, 'spec', 'docs', '.examples');

export interface DocBlock {
  /** Markdown file, relative to the repository root. */
  file: string;
  /** 1-based line of the block's first code line. */
  line: number;
  code: string;
  /** The `run=<name>` marker, for the blocks the spec also runs. */
  run?: string;
  fragment: boolean;
  /** Where the block is written for the compiler. */
  modulePath: string;
}

export interface BlockFailure {
  /** `docs/errors.md:42`: the line in the Markdown file. */
  where: string;
  message: string;
}

/** README.md and every Markdown page directly in docs/. */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join('docs', name));
  return ['README.md', ...docs];
}

const FENCE = /^(\s*)```(\S*)(.*)$/;

/** The ```ts / ```typescript blocks of one Markdown file, in order. */
export function extractBlocks(file: string, text = readFileSync(join(ROOT, file), 'utf8')): DocBlock[] {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && /^\s*```\s*$/.test(line));
    if (end < 0) throw new Error(`${file}:${i + 1}: a code fence that is never closed`);
    const [, indent, lang, rest] = open;
    if (lang === 'ts' || lang === 'typescript') {
      const words = rest.trim().split(/\s+/);
      const run = words.find((w) => w.startsWith('run='))?.slice('run='.length);
      const name = `${file.replace(/[^A-Za-z0-9]+/g, '_')}_L${i + 2}.ts`;
      blocks.push({
        file,
        line: i + 2,
        code: lines
          .slice(i + 1, end)
          .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
          .join('\n'),
        run,
        fragment: words.includes('fragment'),
        modulePath: join(OUT_DIR, name),
      });
    }
    i = end;
  }
  return blocks;
}

/** Each block is its own module, so two blocks may both declare `class User`. */
function asModule(code: string): string {
  return `${code}\nexport {};\n`;
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT, undefined, configPath);
  return { ...parsed.options, noEmit: true, sourceMap: false };
}

/** Writes every non-fragment block and typechecks them together; returns one entry per error. */
export function typecheckBlocks(blocks: DocBlock[]): BlockFailure[] {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const checked = blocks.filter((block) => !block.fragment);
  for (const block of checked) writeFileSync(block.modulePath, asModule(block.code));
  const byPath = new Map(checked.map((block) => [resolve(block.modulePath), block]));

  const program = ts.createProgram(
    checked.map((block) => block.modulePath),
    compilerOptions(),
  );
  const failures: BlockFailure[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const block = diagnostic.file ? byPath.get(resolve(diagnostic.file.fileName)) : undefined;
    if (!block || diagnostic.start === undefined) {
      const where = diagnostic.file ? relative(ROOT, diagnostic.file.fileName) : 'tsconfig';
      failures.push({ where, message: `TS${diagnostic.code}: ${message}` });
      continue;
    }
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
    failures.push({
      where: `${block.file}:${block.line + line}`,
      message: `TS${diagnostic.code}: ${message}`,
    });
  }
  return failures;
}

/** The written blocks are not sources of the project (eslint would lint them): remove them once checked. */
export function removeWrittenBlocks(): void {
  rmSync(OUT_DIR, { recursive: true, force: true });
}

if (require.main === module) {
  const blocks = documentationFiles().flatMap((file) => extractBlocks(file));
  const failures = typecheckBlocks(blocks);
  removeWrittenBlocks();
  const skipped = blocks.filter((block) => block.fragment).length;
  for (const failure of failures) console.error(`${failure.where}: ${failure.message}`);
  console.log(
    `${blocks.length - skipped} TypeScript blocks typechecked, ${skipped} fragments skipped, ${failures.length} errors`,
  );
  process.exitCode = failures.length ? 1 : 0;
}
