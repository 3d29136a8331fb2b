import { HttpException } from '@nestjs/common';
import { type ErrorCode, ErrorStatus } from './error-codes';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/**
 * The only exception services throw. Its message and details are sent to the caller,
 * so they must never carry a PD value or a secret: name fields, never their contents.
 */
export class AppError extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(
      { statusCode: ErrorStatus[code], code, message, details } satisfies ErrorBody,
      ErrorStatus[code],
    );
  }

  body(): ErrorBody {
    const body: ErrorBody = {
      statusCode: this.getStatus(),
      code: this.code,
      message: this.message,
    };
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);
