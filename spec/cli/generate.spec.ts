import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { RestClient, apiKeyAuthFor } from './support';
import { main } from 'restfit/cli';
import { startServer, echo, json, type TestServer } from '../support/test-server';

const PETSTORE = resolve(__dirname, '../../../shared/fixtures/openapi/petstore.yaml');

function typecheck(dir: string): string[] {
  const program = ts.createProgram([join(dir, 'index.ts')], {
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    typeRoots: [resolve(__dirname, '../../node_modules/@types')],
    baseUrl: resolve(__dirname, '../..'),
    paths: { restfit: ['lib/index.ts'] },
  });
  // Only the generated files: the library itself is typechecked by `npm test`.
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file || d.file.fileName.startsWith(dir))
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('restfit generate', () => {
  let out: string;
  let server: TestServer;
  const logs: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    // Inside the repository, so the generated code resolves restfit's own dependencies (git-ignored).
    // One folder per run, so two runs at once cannot overwrite each other's output.
    out = join(__dirname, '.generated', `petstore-${process.pid}`);
    rmSync(out, { recursive: true, force: true });
    const code = await main(
      ['generate', PETSTORE, '--out', out],
      (line) => logs.push(line),
      (line) => logs.push(line),
    );
    expect(code).toBe(0);
  });
  afterAll(async () => {
    rmSync(out, { recursive: true, force: true });
    await server.close();
  });

  it('writes a service per tag, the models and an index, and says so', () => {
    expect(logs).toEqual([`restfit: generated PetApi, StoreApi, UserApi and models into ${out} (5 files)`]);
    const index = readFileSync(join(out, 'index.ts'), 'utf8');
    expect(index).toContain("export { PetApi } from './pet-api';");
    expect(index).toContain("export const DEFAULT_BASE_URL = 'https://petstore3.swagger.io';");
  });

  it('generates code that typechecks under strict settings', () => {
    expect(typecheck(out)).toEqual([]);
  }, 60_000);

  it('generates models with class-transformer types, dependencies first', () => {
    const models = readFileSync(join(out, 'models.ts'), 'utf8');
    expect(models).toContain('  @Type(() => Date)\n  shipDate?: Date;');
    expect(models).toContain('  @Type(() => Tag)\n  tags?: Tag[];');
    expect(models).toContain('  name!: string;');
    expect(models.indexOf('export class Category')).toBeLessThan(models.indexOf('export class Pet'));
  });

  it('generates working clients: path, query, header and JSON body reach the server, models are mapped', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PetApi, StoreApi, Pet } = require(join(out, 'index.ts')) as Record<string, new () => any>;
    const auth = { api_key: apiKeyAuthFor('secret-key'), petstore_auth: apiKeyAuthFor('oauth-token') };
    const client = new RestClient({ baseURL: server.url, auth, retry: false });
    const pets = client.create(PetApi);

    server.handle(json(200, { id: 7, name: 'Rex', photoUrls: [], tags: [{ id: 1, name: 'good' }] }));
    const pet = await pets.getPetById(7);
    expect(pet).toBeInstanceOf(Pet);
    expect(pet.tags[0].name).toBe('good');
    expect(server.received[0].path).toBe('/api/v3/pet/7');
    expect(server.received[0].headers['x-key']).toBe('secret-key');

    server.handle(json(200, []));
    await pets.findPetsByStatus('sold');
    expect(server.received[1].url).toBe('/api/v3/pet/findByStatus?status=sold');

    server.handle(echo);
    await pets.deletePet(3, 'k-123');
    expect(server.received[2]).toMatchObject({ method: 'DELETE', path: '/api/v3/pet/3' });
    expect(server.received[2].headers.api_key).toBe('k-123');

    await pets.addPet({ name: 'Tom', photoUrls: ['a'] });
    expect(JSON.parse(server.received[3].body.toString())).toEqual({ name: 'Tom', photoUrls: ['a'] });
    expect(server.received[3].headers['x-key']).toBe('oauth-token');

    server.handle(json(200, { available: 3 }));
    await expect(client.create(StoreApi).getInventory()).resolves.toEqual({ available: 3 });
  });

  it('refuses what is not an OpenAPI 3 document, and bad usage', async () => {
    const errors: string[] = [];
    const file = join(mkdtempSync(join(tmpdir(), 'restfit-gen-')), 'swagger.json');
    writeFileSync(file, JSON.stringify({ swagger: '2.0' }));
    await expect(
      main(
        ['generate', file, '--out', join(tmpdir(), 'never')],
        () => undefined,
        (l) => errors.push(l),
      ),
    ).resolves.toBe(1);
    await expect(
      main(
        ['generate', file],
        () => undefined,
        (l) => errors.push(l),
      ),
    ).resolves.toBe(2);
    await expect(
      main(
        ['build'],
        () => undefined,
        (l) => errors.push(l),
      ),
    ).resolves.toBe(2);
    expect(errors).toEqual([
      `restfit generate: ${file}: not an OpenAPI 3 document (no "openapi: 3.x" field)`,
      'usage: restfit generate <openapi.json|openapi.yaml> --out <dir>',
      'restfit: unknown command "build"\nusage: restfit generate <openapi.json|openapi.yaml> --out <dir>',
    ]);
  });
});
