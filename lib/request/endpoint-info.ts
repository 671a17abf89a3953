import 'reflect-metadata';
import type { EndpointSpec } from '../declaration/endpoint-spec';
import type { Endpoint } from './api-request';

/** The public view of a declared method for one call. One small object per call; metadata is read on demand. */
export class EndpointInfo implements Endpoint {
  constructor(
    private readonly spec: EndpointSpec,
    readonly args: readonly unknown[],
  ) {}

  get service(): string {
    return this.spec.service;
  }

  get operation(): string {
    return this.spec.operation;
  }

  get pathTemplate(): string {
    return this.spec.path.template;
  }

  get serviceClass(): Function {
    return this.spec.serviceClass;
  }

  metadata<T = unknown>(key: string | symbol): T | undefined {
    const own = Reflect.getMetadata(key, this.spec.owner, this.spec.operation);
    return own !== undefined ? own : Reflect.getMetadata(key, this.spec.serviceClass);
  }
}
