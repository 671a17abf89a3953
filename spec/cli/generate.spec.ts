import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RestClient, apiKeyAuth, bearerAuth } from 'restfit';
import { FIXTURES, runCli, scratch } from './support/generated';
import { startServer, echo, json, type TestServer } from '../support/test-server';

const PETSTORE = join(FIXTURES, 'petstore.yaml');

/* eslint-disable @typescript-eslint/no-require-imports */
describe('restfit generate: petstore', () => {
  const out = scratch('petstore');
  let server: TestServer;
  let run: { exitCode: number; output: string[] };

  beforeAll(async () => {
    server = await startServer();
    run = await runCli(['generate', PETSTORE, '--out', out]);
  });
  afterAll(async () => {
    rmSync(out, { recursive: true, force: true });
    await server.close();
  });

  it('writes a service per tag, the models, security and an index, and says so', () => {
    expect(run).toEqual({
      exitCode: 0,
      output: [
        expect.stringMatching(
          new RegExp(
            `^restfit: generated 3 services \\(19 operations\\) and models into ${out} \\(6 files, \\d+ ms\\)$`,
          ),
        ),
      ],
    });
    const index = readFileSync(join(out, 'index.ts'), 'utf8');
    expect(index).toContain("export { PetApi } from './pet-api';");
    expect(index).toContain("export { createAuth, Security, type SecurityProviders } from './security';");
    expect(index).toContain("export const DEFAULT_BASE_URL = 'https://petstore3.swagger.io';");
  });

  it('generates models with class-transformer types, dependencies first', () => {
    const models = readFileSync(join(out, 'models.ts'), 'utf8');
    expect(models).toContain('  @Type(() => Date)\n  shipDate?: Date;');
    expect(models).toContain('  @Type(() => Tag)\n  tags?: Tag[];');
    expect(models).toContain('  name!: string;');
    expect(models.indexOf('export class Category')).toBeLessThan(models.indexOf('export class Pet'));
  });

  it('generates working clients: path, query, header and JSON body reach the server, models are mapped', async () => {
    const { PetApi, StoreApi, Pet, Order, createAuth, DEFAULT_BASE_URL } = require(
      join(out, 'index.ts'),
    ) as Record<string, any>;
    expect(DEFAULT_BASE_URL).toBe('https://petstore3.swagger.io');
    const auth = createAuth({
      api_key: apiKeyAuth({ in: 'header', name: 'api_key', value: 'secret-key' }),
      petstore_auth: bearerAuth('oauth-token'),
    });
    const client = new RestClient({ baseURL: server.url, auth, retry: false });
    const pets = client.create<any>(PetApi);

    server.handle(json(200, { id: 7, name: 'Rex', photoUrls: [], tags: [{ id: 1, name: 'good' }] }));
    const pet = await pets.getPetById(7);
    expect(pet).toBeInstanceOf(Pet);
    expect(pet.tags[0].name).toBe('good');
    expect(server.received[0].path).toBe('/api/v3/pet/7');
    // getPetById accepts api_key or petstore_auth: the first one given is used.
    expect(server.received[0].headers.api_key).toBe('secret-key');
    expect(server.received[0].headers.authorization).toBeUndefined();

    server.handle(json(200, []));
    await pets.findPetsByStatus('sold');
    expect(server.received[1].url).toBe('/api/v3/pet/findByStatus?status=sold');
    expect(server.received[1].headers.authorization).toBe('Bearer oauth-token');

    server.handle(echo);
    await pets.deletePet(3, 'k-123');
    expect(server.received[2]).toMatchObject({ method: 'DELETE', path: '/api/v3/pet/3' });
    expect(server.received[2].headers.api_key).toBe('k-123');

    await pets.addPet({ name: 'Tom', photoUrls: ['a'] });
    expect(JSON.parse(server.received[3].body.toString())).toEqual({ name: 'Tom', photoUrls: ['a'] });

    server.handle(json(200, { available: 3 }));
    await expect(client.create<any>(StoreApi).getInventory()).resolves.toEqual({ available: 3 });

    server.handle(json(200, { id: 1, shipDate: '2024-03-04T05:06:07Z' }));
    const order = await client.create<any>(StoreApi).getOrderById(1);
    expect(order).toBeInstanceOf(Order);
    expect(order.shipDate).toEqual(new Date('2024-03-04T05:06:07Z'));
  });
});

describe('restfit (the command)', () => {
  const dir = scratch('cli');
  beforeAll(() => mkdirSync(dir, { recursive: true }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const out = join(dir, 'out');

  it('answers --help and --version', async () => {
    const help = await runCli(['--help']);
    expect(help).toEqual({
      exitCode: 0,
      output: [
        expect.stringContaining(
          'usage: restfit generate <openapi.json|openapi.yaml> --out <dir> [--module commonjs|esm] [--tags a,b]',
        ),
      ],
    });
    expect(await runCli(['generate', '--help'])).toEqual(help);
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    expect(await runCli(['--version'])).toEqual({ exitCode: 0, output: [version] });
  });

  it('refuses bad usage with exit code 2', async () => {
    const usage = expect.stringContaining('usage: restfit generate');
    expect(await runCli([])).toEqual({ exitCode: 2, output: [usage] });
    expect(await runCli(['build'])).toEqual({
      exitCode: 2,
      output: [expect.stringMatching(/^restfit: unknown command "build"\nusage:/)],
    });
    expect(await runCli(['generate', PETSTORE])).toEqual({
      exitCode: 2,
      output: [expect.stringMatching(/^restfit generate: --out <dir> is required\n/)],
    });
    expect(await runCli(['generate', PETSTORE, '--out', out, '--module', 'amd'])).toEqual({
      exitCode: 2,
      output: [expect.stringMatching(/^restfit generate: --module is commonjs or esm, got "amd"\n/)],
    });
    expect(await runCli(['generate', PETSTORE, '--out', out, '--watch'])).toEqual({
      exitCode: 2,
      output: [expect.stringMatching(/^restfit generate: unknown option "--watch"\n/)],
    });
  });

  it('names the file and line of a document that does not parse', async () => {
    const badJson = write('bad.json', '{\n  "openapi": "3.0.0",\n  "paths": {,}\n}');
    expect(await runCli(['generate', badJson, '--out', out])).toEqual({
      exitCode: 1,
      output: [expect.stringMatching(new RegExp(`^restfit generate: ${badJson}:3:\\d+: not valid JSON: `))],
    });
    const badYaml = write('bad.yaml', 'openapi: 3.0.0\ninfo:\n  title: x\n   version: 1\n');
    expect(await runCli(['generate', badYaml, '--out', out])).toEqual({
      exitCode: 1,
      output: [
        expect.stringMatching(
          new RegExp(`^restfit generate: ${badYaml}:3:10: not valid YAML: Nested mappings`),
        ),
      ],
    });
    const missing = join(dir, 'missing.yaml');
    expect(await runCli(['generate', missing, '--out', out])).toEqual({
      exitCode: 1,
      output: [`restfit generate: ${missing}: cannot read the file (ENOENT)`],
    });
  });

  it('refuses what is not OpenAPI 3.0/3.1, and $refs it would have to fetch, naming the JSON pointer', async () => {
    const swagger = write('swagger.json', JSON.stringify({ swagger: '2.0' }));
    expect(await runCli(['generate', swagger, '--out', out])).toEqual({
      exitCode: 1,
      output: [
        `restfit generate: ${swagger}: a Swagger 2.0 document; restfit generate reads OpenAPI 3.0 and 3.1 (convert it first, e.g. with swagger2openapi)`,
      ],
    });
    const remote = write(
      'remote.json',
      JSON.stringify({
        openapi: '3.1.0',
        paths: {
          '/a/{id}': {
            get: { responses: { '200': { $ref: 'https://example.com/common.json#/responses/ok' } } },
          },
        },
      }),
    );
    expect(await runCli(['generate', remote, '--out', out])).toEqual({
      exitCode: 1,
      output: [
        `restfit generate: ${remote}: #/paths/~1a~1{id}/get/responses/200/$ref: $ref "https://example.com/common.json#/responses/ok" points outside this document; restfit generate does not fetch URLs or other files — bundle the document into one file first (e.g. npx @redocly/cli bundle)`,
      ],
    });
    const dangling = write(
      'dangling.json',
      JSON.stringify({
        openapi: '3.0.3',
        components: { schemas: { A: { $ref: '#/components/schemas/B' } } },
      }),
    );
    expect(await runCli(['generate', dangling, '--out', out])).toEqual({
      exitCode: 1,
      output: [
        `restfit generate: ${dangling}: #/components/schemas/A/$ref: $ref "#/components/schemas/B" points to nothing in this document`,
      ],
    });
  });

  it('generates only the operations of --tags', async () => {
    const run = await runCli(['generate', PETSTORE, '--out', out, '--tags', 'store,user']);
    expect(run).toEqual({
      exitCode: 0,
      output: [expect.stringMatching(/^restfit: generated 2 services \(11 operations\)/)],
    });
    expect(readFileSync(join(out, 'index.ts'), 'utf8')).not.toContain('PetApi');
  });

  it('reads JSON documents without the yaml package, and says to install it for YAML', async () => {
    const doc = write('tiny.json', JSON.stringify({ openapi: '3.0.3', info: { title: 't' }, paths: {} }));
    const yamlDoc = write('tiny.yaml', 'openapi: 3.0.3\npaths: {}\n');
    await jest.isolateModulesAsync(async () => {
      // As if yaml were not installed: an optional peer dependency the CLI loads only for YAML.
      jest.doMock('yaml', () => {
        throw Object.assign(new Error("Cannot find module 'yaml'"), { code: 'MODULE_NOT_FOUND' });
      });
      const { main } = require('../../lib/cli/main') as typeof import('../../lib/cli/main');
      const lines: string[] = [];
      await expect(
        main(
          ['generate', doc, '--out', out],
          (l) => lines.push(l),
          (l) => lines.push(l),
        ),
      ).resolves.toBe(0);
      await expect(
        main(
          ['generate', yamlDoc, '--out', out],
          (l) => lines.push(l),
          (l) => lines.push(l),
        ),
      ).resolves.toBe(1);
      expect(lines[1]).toBe(
        `restfit generate: ${yamlDoc}: reading a YAML document needs the "yaml" package: install it (npm install --save-dev yaml) or give a JSON document`,
      );
    });
  });
});
