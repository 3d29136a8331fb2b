import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { ErrorBody } from './app-error';
import { type ErrorCode, ErrorStatus } from './error-codes';
import { malformed } from './validation';

/*
 * What reaches the service before Nest does: the raw request line and headers, the URL,
 * the body's bytes. Each framework refusal is answered here in the error format
 * (DESIGN.md, "Errors") with a code and a fixed message: Fastify's and Node's own
 * answers quote the path or the body back (an IIN in a URL, a password in a form).
 */

/** Longer URLs are refused (414) before routing; the API's longest is far below it. */
export const MAX_URL_LENGTH = 4096;

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  URI_TOO_LONG: 'The URL is too long',
  HEADERS_TOO_LARGE: 'The request headers are too large',
  REQUEST_TIMEOUT: 'The request took too long to arrive',
  SERVICE_UNAVAILABLE: 'The service is shutting down; retry on another instance',
};

export function errorBody(
  code: ErrorCode,
  message = MESSAGES[code] ?? 'Request refused',
): ErrorBody {
  return { statusCode: ErrorStatus[code], code, message };
}

/** Fastify's routing failures (undecodable path, a parameter over maxParamLength). */
function frameworkErrors(
  error: Error & { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const body =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? errorBody('URI_TOO_LONG')
      : error.code === 'FST_ERR_BAD_URL'
        ? malformed('path').body()
        : errorBody('VALIDATION_FAILED', 'Malformed request');
  void reply.code(body.statusCode).header('x-request-id', request.id).send(body);
}

/**
 * Node's own refusals, before there is a request: headers (or a request line) over
 * Node's 16 KB, a request too slow to arrive, bytes that are not HTTP. The socket gets
 * one answer in the error format and is closed.
 */
function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'HEADERS_TOO_LARGE'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'REQUEST_TIMEOUT'
        : 'VALIDATION_FAILED';
  const body = JSON.stringify(errorBody(code, MESSAGES[code] ?? 'Malformed request'));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${ErrorStatus[code]} ${STATUS_CODES[ErrorStatus[code]]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

export const boundaryOptions: Pick<
  FastifyServerOptions,
  'frameworkErrors' | 'clientErrorHandler' | 'return503OnClosing'
> = {
  frameworkErrors,
  clientErrorHandler,
  // Fastify's own 503 while closing is outside the error format: see refuseWhileClosing.
  return503OnClosing: false,
};

/** `\p{Cs}` with the u flag matches a surrogate that is not half of a pair. */
const LONE_SURROGATE = /\p{Cs}/u;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return !LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.every(wellFormed);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).every(([key, item]) => wellFormed(key) && wellFormed(item));
  }
  return true;
}

/**
 * Bodies are JSON and nothing else: every other content type (a form, multipart, text)
 * is 415 without being read. The bytes must be UTF-8 and the text well-formed: a lone
 * surrogate escape (`"\ud800"`) makes some validators throw, so it is refused here.
 */
function installJsonOnly(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const secureParse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  app.useBodyParser('application/json', { bodyLimit }, (request, raw: Buffer, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(raw);
    } catch {
      return done(malformed('body: it is not UTF-8'), undefined);
    }
    if (text.trim() === '') return done(malformed('body: it is empty'), undefined);
    void secureParse(request as FastifyRequest, text, (error: Error | null, parsed?: unknown) => {
      if (error) return done(malformed('body: it is not JSON'), undefined);
      if (/\\u[dD][89a-fA-F]/.test(text) && !wellFormed(parsed)) {
        return done(malformed('body: it holds text that is not well-formed Unicode'), undefined);
      }
      done(null, parsed);
    });
  });
}

/**
 * Hooks in front of every route: the URL length limit, 503 in the error format while
 * the instance drains, and the matched route's pattern for the request log line (the
 * log names `/subjects/:id`, never the path as sent, which may hold anything).
 */
function installHooks(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    (request.raw as RoutedMessage).route = request.routeOptions.url ?? null;
    if (closing) {
      void reply
        .code(503)
        .header('connection', 'close')
        .header('retry-after', '1')
        .header('x-request-id', request.id)
        .send(errorBody('SERVICE_UNAVAILABLE'));
      return;
    }
    if ((request.raw.url ?? '').length > MAX_URL_LENGTH) {
      // This hook runs before the one that sets the request id: every answer carries it.
      void reply.code(414).header('x-request-id', request.id).send(errorBody('URI_TOO_LONG'));
      return;
    }
    done();
  });
}

export interface RoutedMessage extends IncomingMessage {
  route?: string | null;
}

export function installBoundary(app: NestFastifyApplication, bodyLimit: number): void {
  installJsonOnly(app, bodyLimit);
  installHooks(app);
}
