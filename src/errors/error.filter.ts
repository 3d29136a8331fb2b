import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { types } from 'node:util';
import { QueryFailedError } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { translateDriverError } from '../database/db-errors';
import { AppError, type ErrorBody } from './app-error';
import { type ErrorCode, ErrorStatus } from './error-codes';

const byStatus: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN_ROLE',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_ATTEMPTS',
  431: 'HEADERS_TOO_LARGE',
  503: 'SERVICE_UNAVAILABLE',
};

/** Seconds a caller should wait before retrying a 503 SERVICE_UNAVAILABLE. */
const RETRY_AFTER_SECONDS = '1';

/**
 * Turns every failure into the DESIGN.md error body. Driver errors are translated once,
 * here (a unique violation is a 409, a conflict that outlived its retries a 503);
 * anything else that is not an AppError keeps only its status: framework and driver
 * messages can echo submitted values, so they are replaced by a fixed text, and a stack
 * trace never leaves the process. A 5xx is logged with its kind and the AppError's
 * loggable context (a key id), never its data.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = translateDriverError(exception) ?? exception;
    const body = this.toBody(error);
    if (body.statusCode >= 500) {
      this.logger.error(describe(exception, error), `request failed: ${body.code}`);
    }
    // Every 503 is worth a retry (a conflict that outlived its retries, a master key an
    // operator is still handing this instance), and the contract promises Retry-After on it.
    if (body.statusCode === 503) void reply.header('retry-after', RETRY_AFTER_SECONDS);
    // The throttle counts failures over a sliding window: after one window they have all aged out.
    if (body.code === 'TOO_MANY_ATTEMPTS') {
      void reply.header('retry-after', String(this.config.auth.throttle.windowSeconds));
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof AppError) return exception.body();
    const status = statusOf(exception);
    const code = byStatus[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED');
    const message = status >= 500 ? 'Internal error' : safeMessage(code);
    return { statusCode: status, code, message };
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

function safeMessage(code: ErrorCode): string {
  switch (code) {
    case 'NOT_FOUND':
      return 'Not found';
    case 'UNAUTHENTICATED':
      return 'Authentication required';
    case 'PAYLOAD_TOO_LARGE':
      return 'Request body is too large';
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 'Request body must be application/json';
    default:
      return ErrorStatus[code] === 400 ? 'Malformed request' : 'Request refused';
  }
}

/** What the log may say about a 5xx: its kind and origin, no data values. */
function describe(exception: unknown, answered: unknown): Record<string, unknown> {
  if (exception instanceof QueryFailedError) {
    const driver = exception.driverError as { code?: string; errno?: number } | undefined;
    return { err: { type: 'QueryFailedError', code: driver?.code, errno: driver?.errno } };
  }
  if (answered instanceof AppError) {
    return { err: { type: answered.name, code: answered.code }, detail: answered.logged };
  }
  if (exception instanceof Error || types.isNativeError(exception)) {
    return {
      err: { type: exception.name, stack: exception.stack?.split('\n').slice(1, 6).join('\n') },
    };
  }
  return { err: { type: typeof exception } };
}
