#!/usr/bin/env node
import { generate } from './generate';

const USAGE = 'usage: restfit generate <openapi.json|openapi.yaml> --out <dir>';

/** `restfit generate <openapi> --out <dir>`; returns the exit code. */
export async function main(argv: string[], log = console.log, fail = console.error): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'generate') {
    fail(command ? `restfit: unknown command "${command}"\n${USAGE}` : USAGE);
    return 2;
  }
  const outIndex = rest.indexOf('--out');
  const out = outIndex >= 0 ? rest[outIndex + 1] : undefined;
  const inputs = rest.filter((_, i) => i !== outIndex && i !== outIndex + 1);
  if (!out || inputs.length !== 1) {
    fail(USAGE);
    return 2;
  }
  try {
    const result = await generate(inputs[0], out);
    log(
      `restfit: generated ${result.services.join(', ')} and models into ${out} (${result.files.length} files)`,
    );
    return 0;
  } catch (error) {
    fail(`restfit generate: ${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
