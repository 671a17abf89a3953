/** A service class with N declared methods, built fresh each time (parseService caches per class). */
import { Body, Delete, Get, Header, Path, Post, Put, Query, QueryMap, declared } from '../lib';

type Decorate = (proto: object, name: string) => void;

const SHAPES: Decorate[] = [
  (proto, name) => {
    Get(`/${name}/{id}`)(proto, name, Object.getOwnPropertyDescriptor(proto, name)!);
    Path('id')(proto, name, 0);
    Query('q')(proto, name, 1);
  },
  (proto, name) => {
    Post(`/${name}`)(proto, name, Object.getOwnPropertyDescriptor(proto, name)!);
    Body()(proto, name, 0);
  },
  (proto, name) => {
    Put(`/${name}/{id}`)(proto, name, Object.getOwnPropertyDescriptor(proto, name)!);
    Path('id')(proto, name, 0);
    Body()(proto, name, 1);
  },
  (proto, name) => {
    Delete(`/${name}/{id}`)(proto, name, Object.getOwnPropertyDescriptor(proto, name)!);
    Path('id')(proto, name, 0);
  },
  (proto, name) => {
    Get(`/${name}`)(proto, name, Object.getOwnPropertyDescriptor(proto, name)!);
    QueryMap()(proto, name, 0);
    Header('x-request-id')(proto, name, 1);
  },
];

export function makeService(methods: number): new () => object {
  const Service = class BigApi {};
  const proto = Service.prototype as Record<string, unknown>;
  for (let i = 0; i < methods; i++) {
    const name = `op${i}`;
    const shape = SHAPES[i % SHAPES.length];
    // Two named parameters, like a compiled TypeScript method; shapes with one parameter decorate only the first.
    const arity = shape === SHAPES[1] || shape === SHAPES[3] ? 1 : 2;
    proto[name] =
      arity === 1
        ? function (a: unknown): never {
            return declared();
          }
        : function (a: unknown, b: unknown): never {
            return declared();
          };
    shape(proto, name);
  }
  return Service;
}
