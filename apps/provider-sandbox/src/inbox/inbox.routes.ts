import { Router } from 'express';
import type { ApnsStore } from '../apns/apns.store';
import type { ResendStore } from '../resend/resend.store';
import type { WebPushStore } from '../web-push/web-push.store';
import { renderEmailsSection } from './inbox-emails.section';
import { renderPushesSection } from './inbox-pushes.section';
import { inboxContentSecurityPolicy, renderInboxPage } from './inbox.page';

const refreshSeconds = 3;
const emailsShown = 100;
const pushesShown = 100;

/** `GET /`: the web inbox of everything the provider stand-ins received. */
export function inboxRouter(deps: {
  resendStore: ResendStore;
  apnsStore: ApnsStore;
  webPushStore: WebPushStore;
  now: () => Date;
}): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const sections = [
      renderEmailsSection(deps.resendStore.listEmails(), emailsShown),
      renderPushesSection(deps.apnsStore.listPushes(), deps.webPushStore.listMessages(), pushesShown),
    ];
    res
      .status(200)
      .set({ 'content-security-policy': inboxContentSecurityPolicy, 'cache-control': 'no-store' })
      .type('html')
      .send(renderInboxPage({ sections, refreshSeconds, now: deps.now() }));
  });
  return router;
}
