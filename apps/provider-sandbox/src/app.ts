import express, { type Express } from 'express';
import { createHttpApp, type Logger, type Metrics } from '@herald/runtime';
import { apnsControlRouter } from './apns/apns-control.routes';
import type { ApnsCredentials } from './apns/apns.credentials';
import type { ApnsScript } from './apns/apns.script';
import type { ApnsService } from './apns/apns.service';
import type { ApnsStore } from './apns/apns.store';
import { controlRouter } from './control/control.routes';
import { inboxRouter } from './inbox/inbox.routes';
import { resendControlRouter } from './resend/resend-control.routes';
import { createResendRouter } from './resend/resend.routes';
import type { ResendScript } from './resend/resend.script';
import type { ResendService } from './resend/resend.service';
import type { ResendStore } from './resend/resend.store';
import { webPushControlRouter } from './web-push/web-push-control.routes';
import { createWebPushRouter } from './web-push/web-push.routes';
import type { WebPushScript } from './web-push/web-push.script';
import type { WebPushService } from './web-push/web-push.service';
import type { WebPushStore } from './web-push/web-push.store';
import type { WebPushSubscriptions } from './web-push/web-push.subscriptions';

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
  /** The APNs stand-in listens on its own HTTP/2 server; this app carries its control API only. */
  apns: {
    service: ApnsService;
    store: ApnsStore;
    script: ApnsScript;
    credentials: ApnsCredentials;
    port: () => number;
  };
  webPush: {
    service: WebPushService;
    store: WebPushStore;
    script: WebPushScript;
    subscriptions: WebPushSubscriptions;
  };
}

/**
 * The sandbox's HTTP app, without listen(), so tests can mount it. Resend's endpoints (`/emails...`) and the
 * Web Push endpoints (`/webpush/...`) are mounted ahead of Herald's middleware, so they answer in their
 * provider's shape; everything else (inbox, control API, health, metrics) is a regular Herald app.
 */
export function createApp(deps: ProviderSandboxDeps): Express {
  const { log, metrics, now, resend, apns, webPush } = deps;
  const herald = createHttpApp({
    service: 'provider-sandbox',
    log,
    metrics,
    readiness: [],
    routes: (app) => {
      app.use(
        controlRouter([
          { name: 'resend', reset: () => resend.service.reset() },
          { name: 'apns', reset: () => apns.service.reset() },
          { name: 'webpush', reset: () => webPush.service.reset() },
        ]),
      );
      app.use(resendControlRouter({ store: resend.store, script: resend.script }));
      app.use(apnsControlRouter({ ...apns, now }));
      app.use(webPushControlRouter(webPush));
      app.use(
        inboxRouter({ resendStore: resend.store, apnsStore: apns.store, webPushStore: webPush.store, now }),
      );
    },
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(
    '/emails',
    createResendRouter({
      resend: resend.service,
      store: resend.store,
      apiKeys: resend.apiKeys,
      metrics,
      log,
      now,
    }),
  );
  app.use(
    '/webpush',
    createWebPushRouter({ service: webPush.service, store: webPush.store, metrics, log, now }),
  );
  app.use(herald);
  return app;
}
