import { HttpException } from '@nestjs/common';
import { type ErrorCode, ErrorStatus } from './error-codes';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Safe facts for the log line of a 5xx (a key id, a table): never PD, never a value sent. */
export type LoggedContext = Record<string, string | number>;

/**
 * The only exception services throw. Its message and details are sent to the caller,
 * so they must never carry a PD value or a secret: name fields, never their contents.
 * `logged` goes to the log only (operators need it, callers must not see it).
 */
export class AppError extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly logged?: LoggedContext,
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
