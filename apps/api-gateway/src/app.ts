import type { Express, RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { RouteList, buildOpenApiDocument } from '@herald/contracts';
import { createHttpApp, type Metrics, type ReadinessCheck } from '@herald/runtime';
import { apiKeyHandlers } from './api-keys/api-keys.routes';
import type { ApiKeysService } from './api-keys/api-keys.service';
import { createAuthenticator } from './auth/authenticate';
import type { GatewayDatabase } from './database';
import { docsRouter, openApiHandlers } from './docs/docs.routes';
import { notificationHandlers } from './notifications/notifications.routes';
import type { NotificationsService } from './notifications/notifications.service';
import { mountRouteTable } from './routing/route-table.mount';
import type { StatusRecorder } from './status/status-recorder';
import type { ResendWebhookHandler } from './webhooks/resend-webhook';
import { webhookHandlers } from './webhooks/webhooks.routes';

export interface GatewayDeps {
  log: Logger;
  metrics: Metrics;
  readiness: ReadinessCheck[];
  db: Kysely<GatewayDatabase>;
  apiKeys: ApiKeysService;
  notifications: NotificationsService;
  recorder: StatusRecorder;
  resendWebhook: ResendWebhookHandler;
  verifyAccessToken: (token: string) => Promise<string | undefined>;
  rateLimit: RequestHandler;
  forwardToUserService: RequestHandler;
  forwardToTemplateService: RequestHandler;
}

// Health, readiness and metrics come with the app factory; the docs page is a small static site of its own.
const servedElsewhere = new Set(['getHealth', 'getReadiness', 'getMetrics', 'getDocs']);

/** The gateway's HTTP app, without listen(), so tests can mount it. */
export function createApp(deps: GatewayDeps): Express {
  const document = buildOpenApiDocument();
  return createHttpApp({
    service: 'api-gateway',
    log: deps.log,
    metrics: deps.metrics,
    readiness: deps.readiness,
    // Room for a template's HTML (the template service takes up to 500 kB of it); a 1 MB body is still refused.
    bodyLimit: '768kb',
    routes: (app) => {
      app.use('/docs', docsRouter(document));
      mountRouteTable(app, {
        routes: RouteList,
        handlers: {
          ...apiKeyHandlers(deps.apiKeys),
          ...openApiHandlers(document),
          ...notificationHandlers({ notifications: deps.notifications, db: deps.db, recorder: deps.recorder }),
          ...webhookHandlers(deps.resendWebhook),
        },
        forwarders: { 'user-service': deps.forwardToUserService, 'template-service': deps.forwardToTemplateService },
        guards: { sendNotification: deps.rateLimit },
        authenticate: createAuthenticator({ apiKeys: deps.apiKeys, verifyAccessToken: deps.verifyAccessToken }),
        servedElsewhere,
      });
    },
  });
}
