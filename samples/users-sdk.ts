import { Type } from 'class-transformer';
import {
  BasePath,
  Body,
  CallOptions,
  Delete,
  FullResponse,
  Get,
  Path,
  Post,
  Query,
  ResponseType,
  Retry,
  Returns,
  declared,
  type ApiResponse,
} from 'restfit';

export class User {
  id!: number;
  name!: string;
  role!: 'admin' | 'member';
  @Type(() => Date) createdAt!: Date;

  get isAdmin(): boolean {
    return this.role === 'admin';
  }
}

/** A sample SDK: the whole users API is these declarations. */
@BasePath('/v1')
export class UsersApi {
  @Get('/users/{id}')
  @Returns(User)
  getUser(@Path('id') id: number): Promise<User> {
    return declared();
  }

  @Get('/users')
  @Returns([User])
  list(@Query('role') role?: string): Promise<User[]> {
    return declared();
  }

  @Post('/users')
  @Returns(User)
  create(@Body() user: Partial<User>): Promise<User> {
    return declared();
  }

  @Post('/users')
  @FullResponse()
  tryCreate(@Body() user: Partial<User>): Promise<ApiResponse<User>> {
    return declared();
  }

  @Delete('/users/{id}')
  @Retry(false)
  remove(@Path('id') id: number): Promise<void> {
    return declared();
  }

  @Get('/status')
  status(@CallOptions() options?: CallOptions): Promise<{ status: string; checks: number }> {
    return declared();
  }

  @Get('/avatar')
  @ResponseType('bytes')
  avatar(): Promise<Buffer> {
    return declared();
  }

  /** An ordinary method composes declared ones; `this` is the live client. */
  async admins(): Promise<string[]> {
    const users = await this.list('admin');
    return users.map((user) => user.name);
  }
}
