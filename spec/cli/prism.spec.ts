import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { RestClient, apiKeyAuth, bearerAuth } from 'restfit';
import type { OperationInfo } from 'restfit/cli';
import { loadOpenApi, type OpenApiDocument } from '../../lib/cli/openapi';
import { FIXTURES, generateTo, scratch } from './support/generated';
import { startPrism, type Prism } from './support/prism';
import { sampleValue } from './support/sample-values';

// The generated clients against Prism, a mock server that validates every request against the document
// (`--errors`: an invalid request is answered 4xx with the violations). Every call must pass, and the
// answers (Prism's examples) must come back as mapped classes with Date fields.

/* eslint-disable @typescript-eslint/no-require-imports */
function argumentsFor(document: OpenApiDocument, operation: OperationInfo): unknown[] {
  return operation.args.map((arg) => {
    if (!arg.required) return undefined;
    if (arg.in === 'cookie') return `${arg.name.split(';')[0]}=a`;
    if (arg.in === 'part' && arg.schema?.format === 'binary') return Buffer.from('data');
    if (arg.in === 'body' && !/json|form/.test(arg.name) && !arg.schema?.properties)
      return Buffer.from('data');
    return sampleValue(document, arg.schema);
  });
}

function findsDate(value: unknown, depth = 0): boolean {
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  if (!value || typeof value !== 'object' || depth > 5) return false;
  return Object.values(value).some((item) => findsDate(item, depth + 1));
}

async function callAll(
  prism: Prism,
  generated: Record<string, any>,
  document: OpenApiDocument,
  operations: OperationInfo[],
  options: object,
) {
  const client = new RestClient({ baseURL: prism.url, retry: false, responseMode: 'full', ...options });
  const failures: string[] = [];
  const documentExamples: string[] = [];
  let dates = 0;
  for (const operation of operations) {
    const service = client.create<any>(generated[operation.service]);
    const response = await service[operation.method](...argumentsFor(document, operation));
    const violations = JSON.parse(response.headers['sl-violations'] ?? '[]') as { location: string[] }[];
    const ofRequest = violations.filter((v) => v.location[0] === 'request');
    const where = `${operation.service}.${operation.method} ${operation.httpMethod} ${operation.path}`;
    if (ofRequest.length || (!response.ok && violations.length === 0)) {
      failures.push(
        `${where}: ${response.status} ${JSON.stringify(ofRequest.length ? ofRequest : response.data)?.slice(0, 400)}`,
      );
    } else if (violations.length) {
      // Prism's answer broke the document's own schema (its examples are wrong): not the client's doing.
      documentExamples.push(where);
    } else if (findsDate(response.data)) dates++;
  }
  return { calls: operations.length, failures, dates, documentExamples };
}

describe('generated clients against Prism (requests validated, 0 violations)', () => {
  const root = scratch('prism');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('petstore: every operation', async () => {
    const file = join(FIXTURES, 'petstore.yaml');
    const result = await generateTo(file, join(root, 'petstore'));
    const generated = require(join(root, 'petstore', 'index.ts'));
    const prism = await startPrism(file, root);
    try {
      const outcome = await callAll(prism, generated, await loadOpenApi(file), result.operations, {
        auth: generated.createAuth({
          api_key: apiKeyAuth({ in: 'header', name: 'api_key', value: 'k' }),
          petstore_auth: bearerAuth('t'),
        }),
      });
      expect(outcome).toMatchObject({ calls: 19, failures: [] });
      expect(outcome.dates).toBeGreaterThan(0); // getOrderById, placeOrder: shipDate
    } finally {
      await prism.stop();
    }
  }, 300_000);

  it('GitHub: a GET of every service and every fifth GET', async () => {
    const file = join(FIXTURES, 'github-2022.json');
    const result = await generateTo(file, join(root, 'github'));
    const generated = require(join(root, 'github', 'index.ts'));
    const seen = new Set<string>();
    const operations = result.operations.filter((op, i) => {
      if (op.httpMethod !== 'GET') return false;
      const first = !seen.has(op.service);
      seen.add(op.service);
      return first || i % 5 === 0;
    });
    const prism = await startPrism(file, root);
    try {
      const outcome = await callAll(prism, generated, await loadOpenApi(file), operations, {});
      expect(outcome).toMatchObject({ failures: [] });
      expect(outcome.calls).toBeGreaterThan(100);
      // The document's examples that break its own schema (Prism answers 500): few, and not requests.
      expect(outcome.documentExamples.length).toBeLessThan(15);
      expect(outcome.dates).toBeGreaterThan(20);
    } finally {
      await prism.stop();
    }
  }, 600_000);
});
