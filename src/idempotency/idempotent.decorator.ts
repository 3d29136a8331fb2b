import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * The route honours `Idempotency-Key` (issue 14 §3): a retry with the same key and body
 * gets the first answer without the work being done again. See IdempotencyInterceptor.
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A key of your choosing (1-255 printable characters) that makes a retry safe: the same key with the same body returns the first answer, kept IDEMPOTENCY_TTL_HOURS',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
    }),
    ApiConflictResponse({
      description:
        'IDEMPOTENCY_KEY_REUSED: the key was used with another request; IDEMPOTENCY_IN_PROGRESS: its first request has not finished',
    }),
  );
