/*
 * Type tests, checked by `tsc --noEmit` (npm test), never run: a method whose declared return type
 * contradicts its decorator must not compile; every `@ts-expect-error` below fails the build if the
 * line after it compiles.
 */
import 'reflect-metadata';
import {
  FullResponse,
  Get,
  JsonLines,
  Paginate,
  Post,
  Returns,
  ServerSentEvents,
  declared,
  type ApiResponse,
  type ServerSentEvent,
} from 'restfit';

class User {
  id!: number;
}

/** Right: every iterable method returns an AsyncIterable (or a subtype); @FullResponse a Promise<ApiResponse<T>>. */
export class RightApi {
  @Get('/users')
  @Paginate({ style: 'link' })
  @Returns([User])
  list(): AsyncIterable<User> {
    return declared();
  }

  @Post('/chat')
  @ServerSentEvents({ done: '[DONE]' })
  @Returns(User)
  chat(): AsyncIterable<ServerSentEvent<User>> {
    return declared();
  }

  @Get('/events')
  @ServerSentEvents()
  events(): AsyncGenerator<ServerSentEvent> {
    return declared();
  }

  @Get('/logs')
  @JsonLines()
  logs(): AsyncIterableIterator<unknown> {
    return declared();
  }

  @Get('/users/{id}')
  @FullResponse()
  full(): Promise<ApiResponse<User>> {
    return declared();
  }
}

/** On a class, @FullResponse() sets the default for every method; nothing to check per method there. */
@FullResponse()
export class WholeClassApi {
  @Get('/users/{id}')
  get(): Promise<ApiResponse<User>> {
    return declared();
  }
}

/** Wrong: each of these is a compile error. */
export class WrongApi {
  @Get('/users')
  // @ts-expect-error -- a paginated method returns AsyncIterable<T>, not a Promise of an array
  @Paginate({ style: 'link' })
  list(): Promise<User[]> {
    return declared();
  }

  @Post('/chat')
  // @ts-expect-error -- the events arrive one by one: AsyncIterable<ServerSentEvent<T>>, not a Promise
  @ServerSentEvents({ done: '[DONE]' })
  chat(): Promise<ServerSentEvent[]> {
    return declared();
  }

  @Get('/logs')
  // @ts-expect-error -- JSON Lines: AsyncIterable<T>, not a Promise of an array
  @JsonLines()
  logs(): Promise<unknown[]> {
    return declared();
  }

  @Get('/logs')
  // @ts-expect-error -- a synchronous Iterable is not an AsyncIterable
  @JsonLines()
  syncLogs(): Iterable<unknown> {
    return declared();
  }

  @Get('/users/{id}')
  // @ts-expect-error -- @FullResponse() resolves to ApiResponse<T>, so Promise<User> would lie
  @FullResponse()
  full(): Promise<User> {
    return declared();
  }

  @Get('/users')
  // @ts-expect-error -- @FullResponse() on an iterable method
  @FullResponse()
  fullList(): AsyncIterable<User> {
    return declared();
  }
}
