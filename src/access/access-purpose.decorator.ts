import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { validationFailed } from '../errors/validation';
import { PURPOSES, type Purpose } from '../pd/vocabulary';
import { PURPOSE_HEADER, REASON_HEADER } from './vocabulary';

export interface StatedPurpose {
  /** Null when the header is absent: the access rule then refuses with PURPOSE_REQUIRED. */
  purpose: Purpose | null;
  reason: string | null;
}

/**
 * The purpose a PD request states in `X-Access-Purpose` (condition 5), and its ticket or
 * reason in `X-Access-Reason`. A purpose outside the vocabulary is VALIDATION_FAILED; a
 * missing one is left for the rule to refuse and audit.
 */
export const AccessPurpose = createParamDecorator(
  (_: unknown, context: ExecutionContext): StatedPurpose => {
    const headers = context.switchToHttp().getRequest<FastifyRequest>().headers;
    const purpose = headers[PURPOSE_HEADER];
    const reason = headers[REASON_HEADER];
    if (purpose !== undefined && !PURPOSES.includes(purpose as Purpose)) {
      throw validationFailed([
        {
          field: PURPOSE_HEADER,
          constraints: [`${PURPOSE_HEADER} must be one of ${PURPOSES.join(', ')}`],
        },
      ]);
    }
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > 500)) {
      throw validationFailed([
        { field: REASON_HEADER, constraints: [`${REASON_HEADER} must be at most 500 characters`] },
      ]);
    }
    return { purpose: (purpose as Purpose | undefined) ?? null, reason: reason ?? null };
  },
);
