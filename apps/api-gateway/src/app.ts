import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { RouteList, buildOpenApiDocument } from '@herald/contracts';
import { createHttpApp, type Metrics, type ReadinessCheck } from '@herald/runtime';
import { apiKeyHandlers } from './api-keys/api-keys.routes';
import type { ApiKeysService } from './api-keys/api-keys.service';
import { createAuthenticator } from './auth/authenticate';
import { docsRouter, openApiHandlers } from './docs/docs.routes';
import { mountRouteTable } from './routing/route-table.mount';

export interface GatewayDeps {
  log: Logger;
  metrics: Metrics;
  readiness: ReadinessCheck[];
  apiKeys: ApiKeysService;
  verifyAccessToken: (token: string) => Promise<string | undefined>;
  forwardToUserService: RequestHandler;
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
    routes: (app) => {
      app.use('/docs', docsRouter(document));
      mountRouteTable(app, {
        routes: RouteList,
        handlers: { ...apiKeyHandlers(deps.apiKeys), ...openApiHandlers(document) },
        // The template service comes with the email issue; until then its routes answer 501.
        forwarders: { 'user-service': deps.forwardToUserService },
        authenticate: createAuthenticator({ apiKeys: deps.apiKeys, verifyAccessToken: deps.verifyAccessToken }),
        servedElsewhere,
      });
    },
  });
}
