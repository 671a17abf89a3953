/*
 * Type tests (checked by `npx tsc --noEmit`, part of `npm test`; never run): a client made with the
 * literal `responseMode: 'full'` types each `Promise<T>` method as `Promise<ApiResponse<T>>`. Every
 * `@ts-expect-error` line must be an error, or tsc fails on the unused directive.
 */
import 'reflect-metadata';
import {
  FullResponse,
  Get,
  Paginate,
  Path,
  RestClient,
  createClient,
  declared,
  type ApiResponse,
  type FullResponseService,
  type ResponseMode,
  type RestClientOptions,
} from 'restfit';

class User {
  id!: number;
  name!: string;
}

class UsersApi {
  @Get('/users/{id}')
  getUser(@Path('id') id: number): Promise<User> {
    return declared();
  }

  @Get('/users/{id}')
  @FullResponse()
  getUserFull(@Path('id') id: number): Promise<ApiResponse<User>> {
    return declared();
  }

  @Get('/users')
  @Paginate({ style: 'link' })
  all(): AsyncIterable<User> {
    return declared();
  }

  label = 'users';
}

/** Compiles only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(_proof: Equal<A, B>) => undefined;
const baseURL = 'http://127.0.0.1:1';

export function createClientTypes(): void {
  const full = createClient(UsersApi, { baseURL, responseMode: 'full' });
  same<ReturnType<typeof full.getUser>, Promise<ApiResponse<User>>>(true);
  // A method that already returns an ApiResponse is not wrapped twice.
  same<ReturnType<typeof full.getUserFull>, Promise<ApiResponse<User>>>(true);
  // Not a Promise: left as declared.
  same<ReturnType<typeof full.all>, AsyncIterable<User>>(true);
  same<typeof full.label, string>(true);
  same<Parameters<typeof full.getUser>, [id: number]>(true);
  // @ts-expect-error the body is inside `data`: a full response is not a User
  const name: string = (null as unknown as Awaited<ReturnType<typeof full.getUser>>).name;
  void name;

  const body = createClient(UsersApi, { baseURL });
  same<ReturnType<typeof body.getUser>, Promise<User>>(true);
  const explicitBody = createClient(UsersApi, { baseURL, responseMode: 'body' });
  same<ReturnType<typeof explicitBody.getUser>, Promise<User>>(true);
  // @ts-expect-error a body-mode client's method resolves a User, not an ApiResponse
  const wrong: Promise<ApiResponse<User>> = body.getUser(1);
  void wrong;

  // An options object typed RestClientOptions (mode not a literal) keeps the declared types.
  const options: RestClientOptions = { baseURL, responseMode: 'full' as ResponseMode };
  same<ReturnType<typeof createClient<UsersApi>>, UsersApi>(true);
  same<ReturnType<ReturnType<typeof createClientWith>['getUser']>, Promise<User>>(true);
  function createClientWith() {
    return createClient(UsersApi, options);
  }
  void [full, explicitBody, createClientWith]; // the values exist only for their types
}

export function restClientTypes(): void {
  const full = new RestClient({ baseURL, responseMode: 'full' });
  same<typeof full, RestClient<'full'>>(true);
  const users = full.create(UsersApi);
  same<typeof users, FullResponseService<UsersApi>>(true);
  same<ReturnType<typeof users.getUser>, Promise<ApiResponse<User>>>(true);

  // A derived client keeps its parent's mode unless it sets one.
  const tenant = full.with({ headers: { 'x-tenant': 'a' } });
  same<ReturnType<typeof tenant.create<UsersApi>>, FullResponseService<UsersApi>>(true);
  const bodyAgain = full.with({ responseMode: 'body' });
  same<ReturnType<typeof bodyAgain.create<UsersApi>>, UsersApi>(true);

  const plain = new RestClient({ baseURL });
  same<ReturnType<typeof plain.create<UsersApi>>, UsersApi>(true);
  // @ts-expect-error a body-mode client's service is not a full-response service
  const fullFromPlain: FullResponseService<UsersApi> = plain.create(UsersApi);
  void fullFromPlain;
  // @ts-expect-error not a response mode
  new RestClient({ baseURL, responseMode: 'raw' });
  void [users, tenant, bodyAgain];
}
