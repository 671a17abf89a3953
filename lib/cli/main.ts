#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generate, type GenerateOptions } from './generate';
import { OpenApiError } from './openapi';

const USAGE = `usage: restfit generate <openapi.json|openapi.yaml> --out <dir> [--module commonjs|esm] [--tags a,b]
       restfit --help | --version

Generates decorated restfit services (one per tag), class-transformer models and an index from an
OpenAPI 3.0 or 3.1 document.

  --out <dir>         where to write the files (created if missing)
  --module <kind>     commonjs (default): relative imports without extension;
                      esm: relative imports end in .js (TypeScript module NodeNext/Node16)
  --tags <a,b>        only the operations with one of these tags
  -h, --help          this text
  -v, --version       restfit's version`;

/**
 * Where a line of output goes.
 * @inline
 */
type Log = (line: string) => void;

/** `restfit …`; returns the exit code (0 done, 1 the document could not be generated, 2 bad usage). */
export async function main(
  argv: string[],
  log: Log = console.log,
  fail: Log = console.error,
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    log(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    log(version());
    return 0;
  }
  if (command !== 'generate') {
    fail(command ? `restfit: unknown command "${command}"\n${USAGE}` : USAGE);
    return 2;
  }
  const parsed = parseGenerate(rest);
  if (parsed === 'help') {
    log(USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    fail(`restfit generate: ${parsed}\n${USAGE}`);
    return 2;
  }
  const started = Date.now();
  try {
    const result = await generate(parsed.input, parsed.out, parsed.options);
    log(
      `restfit: generated ${result.services.length} services (${result.operations.length} operations) and models into ${parsed.out} (${result.files.length} files, ${Date.now() - started} ms)`,
    );
    return 0;
  } catch (error) {
    fail(
      error instanceof OpenApiError
        ? `restfit generate: ${error.message}`
        : `restfit generate: failed on ${parsed.input}: ${(error as Error)?.stack ?? error}`,
    );
    return 1;
  }
}

function parseGenerate(
  args: string[],
): { input: string; out: string; options: GenerateOptions } | string | 'help' {
  const inputs: string[] = [];
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const option = /^--(out|module|tags)(?:=(.*))?$/.exec(arg);
    if (option) {
      const value = option[2] ?? args[++i];
      if (value === undefined || value === '') return `--${option[1]} needs a value`;
      values[option[1]] = value;
    } else if (arg.startsWith('-')) {
      return `unknown option "${arg}"`;
    } else inputs.push(arg);
  }
  if (inputs.length !== 1)
    return inputs.length ? `one document at a time, got ${inputs.join(', ')}` : 'no document given';
  if (!values.out) return '--out <dir> is required';
  if (values.module && values.module !== 'commonjs' && values.module !== 'esm') {
    return `--module is commonjs or esm, got "${values.module}"`;
  }
  const tags = values.tags
    ?.split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    input: inputs[0],
    out: values.out,
    options: { module: values.module as GenerateOptions['module'], tags },
  };
}

/** restfit's version, from the package.json above this file (lib/cli or dist/cjs/cli). */
function version(): string {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'restfit' && pkg.version) return pkg.version;
    } catch {
      // not here: look one folder up
    }
  }
  return 'unknown';
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
