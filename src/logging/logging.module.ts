import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import type { RoutedMessage } from '../errors/http-boundary';

/**
 * Field names whose values must never reach a log line: credentials, tokens, and every
 * PD field the service holds. Request bodies, query strings and headers are not logged
 * at all; this list is the second line of defence for anything logged by hand.
 */
export const REDACTED_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'clientSecret',
  'secret',
  'accessToken',
  'token',
  'authorization',
  'cookie',
  'surname',
  'givenName',
  'patronymic',
  'email',
  'phone',
  'iin',
  'iban',
  'cardNumber',
  'bankName',
  'idDocument',
  'ip',
  'userAgent',
  'cookieId',
];

const redactPaths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/**
 * The route a request matched (`/api/v1/subjects/:id`), never the URL as sent: a query
 * holds `?email=` and `?iin=` searches, and a path can hold anything a caller typed.
 */
function routeOf(req: RoutedMessage & { raw?: RoutedMessage }): string {
  return (req.raw ?? req).route ?? '(no route)';
}

interface SerializedError {
  type?: string;
  code?: unknown;
  errno?: unknown;
  message?: string;
  stack?: string;
}

/**
 * pino hands this the already-serialized error. Its message (and the stack's first line,
 * which repeats it) can echo submitted values, so only the kind and driver codes are
 * kept; a stack survives only from the objects we build ourselves, which carry frames
 * without the message.
 */
export function safeError(err: SerializedError): SerializedError {
  const safe: SerializedError = { type: err.type };
  if (err.code !== undefined) safe.code = err.code;
  if (err.errno !== undefined) safe.errno = err.errno;
  if (err.message === undefined && err.stack !== undefined) safe.stack = err.stack;
  return safe;
}

@Module({})
export class LoggingModule {
  /** `destination` lets tests read what would have been logged. */
  static forRoot(config: AppConfig, destination?: DestinationStream): DynamicModule {
    const options = {
      level: config.logLevel,
      redact: { paths: redactPaths, censor: '[redacted]' },
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'requestId' },
      serializers: {
        req: (req: RoutedMessage & { id?: unknown; raw?: RoutedMessage }) => ({
          id: req.id,
          method: req.method,
          route: routeOf(req),
        }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        err: safeError,
      },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500 ? 'error' : 'info',
    } as const;
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: destination ? [options, destination] : options,
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
      ],
    };
  }
}
