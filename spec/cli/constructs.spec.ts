import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AuthError, RestClient, apiKeyAuth } from 'restfit';
import { compile, emitted } from './support/compile';
import { generateTo, loadAlone, scratch } from './support/generated';
import { startServer, json, type TestServer } from '../support/test-server';

// Hand-written documents with one of each construct (spec/cli/documents): the generated text, reviewed
// line by line, and what the generated clients do against a loopback server.
const SHOP = resolve(__dirname, 'documents/shop-3.0.yaml');
const CHAT = resolve(__dirname, 'documents/chat-3.1.json');

/* eslint-disable @typescript-eslint/no-require-imports */
describe('restfit generate: each construct', () => {
  const root = scratch('constructs');
  const shop = join(root, 'shop');
  const chat = join(root, 'chat');
  const shopEsm = join(root, 'shop-esm');
  const emitDir = join(root, 'emit');
  let shopServices: string[] = [];
  let chatServices: string[] = [];
  let server: TestServer;
  let api: Record<string, any>;
  let chatApi: Record<string, any>;
  const file = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

  beforeAll(async () => {
    server = await startServer();
    shopServices = (await generateTo(SHOP, shop)).services;
    await generateTo(SHOP, shopEsm, 'esm');
    chatServices = (await generateTo(CHAT, chat)).services;
    api = require(join(shop, 'index.ts'));
    chatApi = require(join(chat, 'index.ts'));
  }, 120_000);
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });
  const client = (options: Record<string, unknown> = {}) =>
    new RestClient({ baseURL: server.url, retry: false, ...options });

  describe('the output compiles and loads', () => {
    it('compiles under strict CommonJS and NodeNext, and the index loads alone and creates every service', async () => {
      const commonjs = compile([shop, chat], 'commonjs', emitDir);
      expect(commonjs).toEqual({ [shop]: [], [chat]: [] });
      expect(compile([shopEsm], 'nodenext')).toEqual({ [shopEsm]: [] });
      expect(file(shopEsm, 'index.ts')).toContain("export * from './models.js';");
      expect(shopServices).toContain('BetaApi'); // the path with a literal query (§12.3)
      expect(chatServices).toEqual(['MessagesApi', 'CompletionsApi']);
      for (const [dir, services] of [
        [shop, shopServices],
        [chat, chatServices],
      ] as const) {
        const outcome = await loadAlone(join(emitted(emitDir, dir), 'index.js'), services);
        expect(outcome).toEqual({ exitCode: 0, created: services.length, failures: [], stderr: '' });
      }
    }, 180_000);
  });

  describe('models (3.0)', () => {
    it('imports reflect-metadata before any class, and names the aliases services use (1, 5)', () => {
      expect(file(shop, 'models.ts').split('\n').slice(1, 3)).toEqual([
        "import 'reflect-metadata';",
        "import { Type } from 'class-transformer';",
      ]);
      expect(file(shop, 'items-api.ts')).toContain(
        "import { ListItemsResponse, Paging, type Status } from './models';",
      );
      expect(file(shop, 'items-api.ts')).toContain("@Query('status') status?: Status");
    });

    it('keeps null: nullable dates and $refs to nullable schemas (3)', () => {
      const models = file(shop, 'models.ts');
      expect(models).toContain('  @Type(() => Date)\n  retiredAt?: Date | null;');
      expect(models).toContain('  @Type(() => NullableUser)\n  owner?: NullableUser | null;');
    });

    it('declares mutually recursive classes so that they load: a LazyRef back into the cycle (4)', () => {
      const models = file(shop, 'models.ts');
      expect(models).toContain(
        'export class User {\n  id!: string;\n  @Type(() => Team)\n  team?: LazyRef<Team>;\n  @Type(() => User)\n  manager?: User;\n}',
      );
      expect(models).toContain('export class Team {\n  name!: string;\n  @Type(() => User)\n  lead?: User;');
      expect(models.indexOf('export class User')).toBeLessThan(models.indexOf('export class Team'));
    });

    it('survives name collisions: tags, schemas and globals (9)', () => {
      const models = file(shop, 'models.ts');
      expect(models).toContain('/** The schema "foo_bar" of the document. */\nexport class FooBar {');
      expect(models).toContain('/** The schema "FooBar" of the document. */\nexport class FooBar2 {');
      expect(models).toContain('export class TypeModel {');
      expect(models).toContain('export class DateModel {');
      expect(models).toContain('export type BlobModel = string;');
      expect(file(shop, 'items-api.ts')).toContain('export class ItemsApi {');
      expect(file(shop, 'items-api-2.ts')).toContain('export class ItemsApi2 {');
    });

    it('types properties next to oneOf, merges allOf, hoists inline wrappers (11, 12)', () => {
      const models = file(shop, 'models.ts');
      expect(models).toContain(
        '/** Also one of 2 alternatives (oneOf/anyOf): only the properties they share are typed here. */\nexport class Shape {\n  label?: string;\n}',
      );
      expect(models).toContain(
        'export class ListItemsResponse {\n  @Type(() => Item)\n  data!: Item[];\n  next?: string | null;\n}',
      );
      expect(file(shop, 'items-api-2.ts')).toContain(
        [
          "    @Part('caption') caption?: string,",
          "    @Part('takenAt') takenAt?: Date | string,",
          "    @Part('file') file?: Uint8Array | Blob,",
        ].join('\n'),
      );
    });

    it('omits readOnly from request models, keeps additionalProperties, deprecated and default (16)', () => {
      const models = file(shop, 'models.ts');
      expect(models).toContain(
        '/** Item as the caller sends it: read-only properties left out. */\nexport interface ItemInput {\n  name: string;\n  retiredAt?: Date | string | null;\n  status?: Status;\n  /** @deprecated */\n  legacyCode?: string;\n  owner?: NullableUser | null;\n  [key: string]: unknown;\n}',
      );
      expect(models).toContain('  /** @default "unnamed" */\n  name!: string;');
      expect(models).toContain('  owner?: NullableUser | null;\n  [key: string]: unknown;\n}');
      expect(file(shop, 'items-api-2.ts')).toContain('@Body() body: ItemInput');
    });

    it('maps discriminators with class-transformer, filled in once every class exists', () => {
      const models = file(shop, 'models.ts');
      expect(models).toContain(
        "  @Type(() => Object, { discriminator: { property: 'kind', subTypes: subTypesOfPet }, keepDiscriminatorProperty: true })\n  favourite?: Cat | Dog;",
      );
      expect(models).toContain('  pets?: (Cat | Dog)[];');
      expect(models.trimEnd().split('\n').pop()).toBe(
        "subTypesOfPet.push({ name: 'cat', value: Cat }, { name: 'dog', value: Dog });",
      );
      // Not mapped (no discriminator): the honest type is the JSON, dates as strings.
      expect(file(shop, 'pets-api.ts')).toContain(
        'searchPets(@CallOptions() options?: CallOptions): Promise<Plain<Cat> | Plain<Dog>>',
      );
    });
  });

  describe('services (3.0)', () => {
    it('reads JSON with media type parameters and +json types (8)', async () => {
      server.handle(
        json(
          200,
          { id: 1, name: 'a', createdAt: '2024-05-01T10:00:00Z' },
          { 'content-type': 'application/vnd.api+json' },
        ),
      );
      const item = await client().create<any>(api.ItemsApi2).getItem(1);
      expect(item).toBeInstanceOf(api.Item);
      expect(item.createdAt).toEqual(new Date('2024-05-01T10:00:00Z'));
    });

    it('sends every kind of parameter: enum alias, a query named options, deepObject, exploded object, cookie, header (1, 10, 15)', async () => {
      expect(file(shop, 'items-api.ts')).toContain(
        [
          '  listItems(',
          "    @Header('Cookie') cookie: string,",
          "    @Query('status') status?: Status,",
          "    @Query('options') options?: string,",
          "    @Query('ids', { style: 'comma' }) ids?: number[],",
          "    @Query('filter[color]') filterColor?: string,",
          "    @Query('filter[size]') filterSize?: number,",
          '    @QueryMap() paging?: Paging,',
          "    @Header('X-Trace') xTrace?: string,",
          '    @CallOptions() options2?: CallOptions,',
          '  ): Promise<ListItemsResponse> {',
        ].join('\n'),
      );
      server.handle(
        json(
          200,
          {
            data: [
              { id: 1, name: 'a', createdAt: '2024-05-01T10:00:00Z', retiredAt: null, owner: null, extra: 7 },
            ],
            next: null,
          },
          { 'content-type': 'application/json; charset=utf-8' },
        ),
      );
      const items = client().create<any>(api.ItemsApi);
      const page = await items.listItems(
        'session=s1',
        'active',
        'o',
        undefined,
        'red',
        3,
        { page: 2, size: 10 },
        't-1',
      );
      const received = server.received.at(-1)!;
      expect(received.path).toBe('/shop/v2/items');
      expect(new URLSearchParams(received.rawQuery)).toEqual(
        new URLSearchParams(
          'status=active&options=o&filter%5Bcolor%5D=red&filter%5Bsize%5D=3&page=2&size=10',
        ),
      );
      expect(received.headers.cookie).toBe('session=s1');
      expect(received.headers['x-trace']).toBe('t-1');
      expect(page).toBeInstanceOf(api.ListItemsResponse);
      expect(page.data[0]).toBeInstanceOf(api.Item);
      expect(page.data[0]).toMatchObject({
        createdAt: new Date('2024-05-01T10:00:00Z'),
        retiredAt: null,
        owner: null,
        extra: 7,
      });
    });

    it('honours every security alternative, an optional one last (6)', async () => {
      const keyA = apiKeyAuth({ in: 'header', name: 'X-Key-A', value: 'a' });
      const keyB = apiKeyAuth({ in: 'query', name: 'key_b', value: 'b' });
      server.handle(json(200, { id: 1, name: 'a', createdAt: '2024-05-01T10:00:00Z' }));
      await client({ auth: api.createAuth({ keyB }) })
        .create<any>(api.ItemsApi2)
        .getItem(1);
      expect(server.received.at(-1)!.rawQuery).toBe('key_b=b');
      await client({ auth: api.createAuth({ keyA, keyB }) })
        .create<any>(api.ItemsApi2)
        .getItem(1);
      expect(server.received.at(-1)!.headers['x-key-a']).toBe('a');
      expect(server.received.at(-1)!.rawQuery).toBe('');
      const count = server.received.length;
      await expect(
        client({ auth: api.createAuth({}) })
          .create<any>(api.ItemsApi2)
          .getItem(1),
      ).rejects.toThrow(AuthError);
      await expect(
        client({ auth: api.createAuth({}) })
          .create<any>(api.ItemsApi2)
          .getItem(1),
      ).rejects.toThrow('ItemsApi2.getItem: needs credentials for keyA or keyB; pass them to createAuth()');
      expect(server.received.length).toBe(count);

      server.handle(json(200, { data: [] }));
      const apiKey = apiKeyAuth({ in: 'header', name: 'X-Api-Key', value: 'k' });
      await client({ auth: api.createAuth({}) })
        .create<any>(api.ItemsApi)
        .listItems('s=1');
      expect(server.received.at(-1)!.headers['x-api-key']).toBeUndefined();
      await client({ auth: api.createAuth({ apiKey }) })
        .create<any>(api.ItemsApi)
        .listItems('s=1');
      expect(server.received.at(-1)!.headers['x-api-key']).toBe('k');
      expect(file(shop, 'items-api-2.ts')).toContain(
        "  @Get('/items/{id}')\n  @Security([['keyA'], ['keyB']])\n  @Returns(Item)\n",
      );
    });

    it('sends no credentials with security: [], and maps a default-only response (16)', async () => {
      const apiKey = apiKeyAuth({ in: 'header', name: 'X-Api-Key', value: 'k' });
      server.handle(json(200, { id: 5, name: 'n', createdAt: '2024-05-01T10:00:00Z' }));
      const stored = await client({ auth: api.createAuth({ apiKey }) })
        .create<any>(api.ItemsApi2)
        .replaceItem(5, { name: 'n', status: 'active' });
      expect(stored).toBeInstanceOf(api.Item);
      const received = server.received.at(-1)!;
      expect(received.headers['x-api-key']).toBeUndefined();
      expect(JSON.parse(received.body.toString())).toEqual({ name: 'n', status: 'active' });
    });

    it('puts an operation with its own server in a service of its own; */* is not a content type to send (13)', async () => {
      expect(api.BASE_URLS).toEqual({
        ItemsApi: 'http://shop.example.com',
        ItemsApi2: 'http://shop.example.com',
        ItemsUploadsApi: 'https://uploads.example.com',
        BetaApi: 'http://shop.example.com',
        PetsApi: 'http://shop.example.com',
        UsersApi: 'http://shop.example.com',
      });
      server.handle((_req, res) => {
        res.writeHead(204);
        res.end();
      });
      await client()
        .create<any>(api.ItemsUploadsApi)
        .uploadRaw(9, Buffer.from([1, 2, 3]));
      const received = server.received.at(-1)!;
      expect(received.path).toBe('/v9/items/9/raw');
      expect(received.headers['content-type']).not.toBe('*/*');
      expect(received.body).toEqual(Buffer.from([1, 2, 3]));
    });

    it('sends a multipart body declared with allOf, part by part (11)', async () => {
      server.handle(json(201, { caption: 'c', takenAt: '2024-01-02T03:04:05Z' }));
      const meta = await client().create<any>(api.ItemsApi2).addPhoto(1, 'c', undefined, Buffer.from('PNG'));
      const body = server.received.at(-1)!.body.toString();
      expect(body).toContain('name="caption"');
      expect(body).toContain('name="file"');
      expect(meta).toBeInstanceOf(api.PhotoMeta);
      expect(meta.takenAt).toEqual(new Date('2024-01-02T03:04:05Z'));
    });

    it('builds recursive classes and discriminated subclasses (4, 12)', async () => {
      server.handle(
        json(200, {
          id: 'u1',
          team: { name: 't', foundedAt: '2020-01-01T00:00:00Z', lead: { id: 'u2' } },
          manager: { id: 'u3' },
        }),
      );
      const user = await client().create<any>(api.UsersApi).getUser('u1');
      expect(user.team).toBeInstanceOf(api.Team);
      expect(user.team.foundedAt).toEqual(new Date('2020-01-01T00:00:00Z'));
      expect(user.team.lead).toBeInstanceOf(api.User);
      expect(user.manager).toBeInstanceOf(api.User);

      server.handle(
        json(200, {
          name: 'o',
          favourite: { kind: 'dog', goodBoy: true, bornAt: '2019-01-01T00:00:00Z' },
          pets: [{ kind: 'cat', indoor: true }, { kind: 'dog' }],
        }),
      );
      const owner = await client().create<any>(api.PetsApi).getOwner('o');
      expect(owner.favourite).toBeInstanceOf(api.Dog);
      expect(owner.favourite).toMatchObject({ kind: 'dog', bornAt: new Date('2019-01-01T00:00:00Z') });
      expect(owner.pets[0]).toBeInstanceOf(api.Cat);
      expect(owner.pets[1]).toBeInstanceOf(api.Dog);
    });

    it('writes an unexploded form array comma-separated (15)', async () => {
      server.handle(json(200, { data: [] }));
      await client().create<any>(api.ItemsApi).listItems('session=s1', undefined, undefined, [1, 2]);
      expect(server.received.at(-1)!.rawQuery).toBe('ids=1,2');
    });

    it('keeps a path with a literal query as restfit 12.3 declares it, and sends that query (7)', async () => {
      expect(file(shop, 'beta-api.ts')).toContain("  @Post('/responses?beta=true')\n");
      server.handle(json(200, { id: 'r1' }));
      const created = await client().create<any>(api.BetaApi).createResponse();
      const received = server.received.at(-1)!;
      expect(received.method).toBe('POST');
      expect(received.url).toBe('/shop/v2/responses?beta=true');
      expect(created).toEqual({ id: 'r1' });
    });
  });

  describe('3.1', () => {
    it('types null, type arrays, const, nullable dates and tuples (2)', () => {
      expect(file(chat, 'models.ts')).toContain(
        [
          'export class Message {',
          '  id!: string | number;',
          "  kind!: 'message';",
          '  @Type(() => Date)',
          '  editedAt!: Date | null;',
          '  score!: number | null;',
          '  note?: null;',
          '  point?: [number, number];',
          '  @Type(() => Message)',
          '  reply?: Message | null;',
          '}',
        ].join('\n'),
      );
      expect(file(chat, 'models.ts')).toContain("  level!: 'info' | 'warn' | null;");
      expect(file(chat, 'messages-api.ts')).toContain("getMessage(@Path('id') id: string | number,");
      expect(file(chat, 'messages-api.ts')).toContain(
        "    @Query('tags', { style: 'pipe' }) tags?: string[],\n",
      );
    });

    it('maps what 3.1 allows at run time, and sends a +json body with its content type', async () => {
      server.handle(
        json(200, {
          id: 7,
          kind: 'message',
          editedAt: null,
          score: null,
          reply: { id: 'r', kind: 'message', editedAt: '2024-02-02T00:00:00Z', score: 1 },
        }),
      );
      const messages = client().create<any>(chatApi.MessagesApi);
      const message = await messages.getMessage(7);
      expect(server.received.at(-1)!.path).toBe('/api/messages/7');
      expect(message).toBeInstanceOf(chatApi.Message);
      expect(message).toMatchObject({ editedAt: null, score: null });
      expect(message.reply).toBeInstanceOf(chatApi.Message);
      expect(message.reply.editedAt).toEqual(new Date('2024-02-02T00:00:00Z'));

      server.handle((_req, res) => {
        res.writeHead(204);
        res.end();
      });
      await messages.patchMessage('7', { kind: 'message', id: 7, editedAt: null, score: 2 });
      expect(server.received.at(-1)!.headers['content-type']).toBe('application/merge-patch+json');
    });

    it('writes a pipeDelimited array with pipes', async () => {
      server.handle(json(200, []));
      await client().create<any>(chatApi.MessagesApi).listMessages(['a', 'b']);
      expect(server.received.at(-1)!.rawQuery).toBe('tags=a|b');
    });

    it('declares server-sent events and JSON lines as §12.2 streams (14)', () => {
      const source = file(chat, 'completions-api.ts');
      expect(source).toContain(
        "import { BasePath, Body, CallOptions, Get, Headers, JsonLines, Post, Returns, type ServerSentEvent, ServerSentEvents, declared } from 'restfit';",
      );
      expect(source).toContain(
        "  @Post('/completions')\n  @Returns(Chunk)\n  complete(\n    @Body() body: { prompt: string; stream?: boolean },\n    @CallOptions() options?: CallOptions,\n  ): Promise<Chunk> {",
      );
      expect(source).toContain(
        "  @Post('/completions')\n  @Headers({ accept: 'text/event-stream' })\n  @ServerSentEvents()\n  @Returns(Chunk)\n  completeStream(\n    @Body() body: { prompt: string; stream?: boolean },\n    @CallOptions() options?: CallOptions,\n  ): AsyncIterable<ServerSentEvent<Chunk>> {",
      );
      expect(source).toContain(
        "  @Get('/logs')\n  @Headers({ accept: 'application/x-ndjson' })\n  @JsonLines()\n  @Returns(LogLine)\n  tailLogs(@CallOptions() options?: CallOptions): AsyncIterable<LogLine> {",
      );
    });

    it('streams server-sent events, each data mapped to its class', async () => {
      server.handle((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"delta":"Hel","at":"2024-03-01T00:00:00Z"}\n\n');
        res.end('event: chunk\nid: 2\ndata: {"delta":"lo"}\n\n');
      });
      const events: any[] = [];
      for await (const event of client()
        .create<any>(chatApi.CompletionsApi)
        .completeStream({ prompt: 'p' })) {
        events.push(event);
      }
      const received = server.received.at(-1)!;
      expect(received.path).toBe('/api/completions');
      expect(received.headers.accept).toBe('text/event-stream');
      expect(JSON.parse(received.body.toString())).toEqual({ prompt: 'p' });
      expect(events).toEqual([
        { event: 'message', data: { delta: 'Hel', at: new Date('2024-03-01T00:00:00Z') } },
        { event: 'chunk', id: '2', data: { delta: 'lo' } },
      ]);
      for (const event of events) expect(event.data).toBeInstanceOf(chatApi.Chunk);
    });

    it('streams JSON lines, each mapped to its class', async () => {
      server.handle((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.write('{"level":"info","message":"up"}\n');
        res.end('\n{"level":null,"message":"?"}\n');
      });
      const lines: any[] = [];
      for await (const line of client().create<any>(chatApi.CompletionsApi).tailLogs()) lines.push(line);
      expect(server.received.at(-1)!.headers.accept).toBe('application/x-ndjson');
      expect(lines).toEqual([
        { level: 'info', message: 'up' },
        { level: null, message: '?' },
      ]);
      for (const line of lines) expect(line).toBeInstanceOf(chatApi.LogLine);
    });
  });
});
