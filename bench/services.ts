/** The same two endpoints declared with restfit and with ts-retrofit. */
import 'reflect-metadata';
import * as tr from 'ts-retrofit';
import { Body, Get, Path, Post, Query, declared } from '../lib';

export interface User {
  id: string;
  name: string;
  q: string;
}

export class UsersApi {
  @Get('/users/{id}')
  getUser(@Path('id') id: number, @Query('q') q: string): Promise<User> {
    return declared();
  }

  @Post('/users')
  createUser(@Body() user: object): Promise<User> {
    return declared();
  }

  /** 302 → /users/{id}: measures the redirect step. */
  @Get('/moved/users/{id}')
  getMovedUser(@Path('id') id: number, @Query('q') q: string): Promise<User> {
    return declared();
  }
}

export class TsRetrofitUsersApi extends tr.BaseService {
  @tr.GET('/users/{id}')
  async getUser(@tr.Path('id') id: number, @tr.Query('q') q: string): Promise<tr.Response<User>> {
    return {} as tr.Response<User>;
  }

  @tr.POST('/users')
  async createUser(@tr.Body user: object): Promise<tr.Response<User>> {
    return {} as tr.Response<User>;
  }
}
