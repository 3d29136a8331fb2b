import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_RULES, type AccessRule } from '../../src/auth/access.decorator';
import { API_PREFIX } from '../../src/app.setup';
import type { TestApp } from './app';

export interface DeclaredRoute {
  method: string;
  url: string;
  handler: string;
  rules: AccessRule[] | undefined;
}

const join = (...parts: string[]): string =>
  '/' +
  parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/');

/** Every controller method the app registered, with the access rules Nest will read for it. */
export function declaredRoutes(t: TestApp): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const base =
        [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat()[0] ?? '';
      const classRules = Reflect.getMetadata(ACCESS_RULES, controller) as AccessRule[] | undefined;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (path === undefined) continue;
        const method =
          RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        routes.push({
          method,
          url: join(API_PREFIX, base, [path].flat()[0]),
          handler: `${controller.name}.${name}`,
          rules:
            (Reflect.getMetadata(ACCESS_RULES, handler) as AccessRule[] | undefined) ?? classRules,
        });
      }
    }
  }
  return routes;
}

export const withSampleParams = (url: string): string =>
  url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
