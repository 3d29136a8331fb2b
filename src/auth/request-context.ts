import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import type { Principal } from './principal';

export interface RequestContext {
  readonly principal: Principal;
  readonly requestId: string;
  readonly ip: string;
  readonly userAgent: string | undefined;
}

export type PublicRequestContext = Omit<RequestContext, 'principal'> & { principal?: Principal };

export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal;
}

export function publicContext(request: AuthenticatedRequest): PublicRequestContext {
  return {
    principal: request.principal,
    requestId: String(request.id),
    ip: request.ip,
    userAgent: request.headers['user-agent'],
  };
}

/** The caller and the request's traces, for services that audit or throttle. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const ctx = publicContext(request);
  if (!ctx.principal) throw new AppError('UNAUTHENTICATED', 'Authentication required');
  return { ...ctx, principal: ctx.principal };
});

/** Same, for public routes where there may be no caller. */
export const PublicCtx = createParamDecorator(
  (_: unknown, context: ExecutionContext): PublicRequestContext =>
    publicContext(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
