import helmet from '@fastify/helmet';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from './config/app-config';
import { serveConsole } from './console/serve-console';
import { boundaryOptions, installBoundary } from './errors/http-boundary';
import { finishDocument } from './openapi/contract';

export const API_PREFIX = 'api/v1';
export const REQUEST_ID_HEADER = 'x-request-id';
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * One request id per request: the caller's `X-Request-Id` when it is well-formed (so the
 * Billing can correlate), otherwise a new UUID. Logs, the response header and audit
 * entries all carry it.
 */
function requestId(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? given : randomUUID();
  (raw as IncomingMessage & { id?: string }).id = id;
  return id;
}

export function createAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: config.http.trustProxy,
    bodyLimit: config.http.bodyLimit,
    genReqId: requestId,
    ...boundaryOptions,
  });
}

/** Everything the HTTP app needs beyond its modules; main.ts and the tests both call it. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.setGlobalPrefix(API_PREFIX);
  installBoundary(app, config.http.bodyLimit);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:'],
        scriptSrc: [`'self'`],
      },
    },
  });
  await serveConsole(app, config);
  if (config.docsEnabled) setUpDocs(app);
}

function setUpDocs(app: NestFastifyApplication): void {
  const bearer = (description: string) => ({
    type: 'http' as const,
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description,
  });
  const document = finishDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('PD back office')
        .setDescription(
          "Holds the personal data of the Billing's users under the privacy policy. Every operation states who may call it in `x-access`.",
        )
        .setVersion('1')
        .addBearerAuth(bearer('POST /api/v1/auth/staff/login'), 'staff')
        .addBearerAuth(bearer('POST /api/v1/auth/clients/token'), 'client')
        .addBearerAuth(bearer('POST /api/v1/auth/subjects/login'), 'subject')
        .addServer('/', 'This service')
        .setLicense('UNLICENSED', 'https://docs.npmjs.com/cli/configuring-npm/package-json#license')
        .build(),
    ),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
}
