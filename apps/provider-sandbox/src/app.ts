import express, { type Express } from 'express';
import { createHttpApp, type Logger, type Metrics } from '@herald/runtime';
import { controlRouter } from './control/control.routes';
import { inboxRouter } from './inbox/inbox.routes';
import { resendControlRouter } from './resend/resend-control.routes';
import { createResendApp } from './resend/resend.routes';
import type { ResendScript } from './resend/resend.script';
import type { ResendService } from './resend/resend.service';
import type { ResendStore } from './resend/resend.store';

export interface ProviderSandboxDeps {
  log: Logger;
  metrics: Metrics;
  now: () => Date;
  resend: {
    service: ResendService;
    store: ResendStore;
    script: ResendScript;
    apiKeys: readonly string[];
  };
}

/**
 * The sandbox's HTTP app, without listen(), so tests can mount it. Resend's endpoints (`/emails...`) are an
 * app of their own, so they answer in Resend's error shape; everything else (inbox, control API, health,
 * metrics) is a regular Herald app.
 */
export function createApp(deps: ProviderSandboxDeps): Express {
  const { log, metrics, now, resend } = deps;
  const herald = createHttpApp({
    service: 'provider-sandbox',
    log,
    metrics,
    readiness: [],
    routes: (app) => {
      app.use(controlRouter([{ name: 'resend', reset: () => resend.service.reset() }]));
      app.use(resendControlRouter({ store: resend.store, script: resend.script }));
      app.use(inboxRouter({ resendStore: resend.store, now }));
    },
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(
    '/emails',
    createResendApp({
      resend: resend.service,
      store: resend.store,
      apiKeys: resend.apiKeys,
      metrics,
      log,
      now,
    }),
  );
  app.use(herald);
  return app;
}
