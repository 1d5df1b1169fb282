import { Router } from 'express';
import type { ResendStore } from '../resend/resend.store';
import { renderEmailsSection } from './inbox-emails.section';
import { inboxContentSecurityPolicy, renderInboxPage, type InboxSection } from './inbox.page';

const refreshSeconds = 3;
const emailsShown = 100;

// Seam for the next issue: the APNs and Web Push stand-ins (src/apns/, src/web-push/) render their own
// section and replace this placeholder.
const pushesSection: InboxSection = {
  id: 'pushes',
  title: 'Push notifications',
  body: '<p class="empty">The APNs and Web Push stand-ins are not part of the sandbox yet.</p>',
};

/** `GET /`: the web inbox of everything the provider stand-ins received. */
export function inboxRouter(deps: { resendStore: ResendStore; now: () => Date }): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const sections = [renderEmailsSection(deps.resendStore.listEmails(), emailsShown), pushesSection];
    res
      .status(200)
      .set({ 'content-security-policy': inboxContentSecurityPolicy, 'cache-control': 'no-store' })
      .type('html')
      .send(renderInboxPage({ sections, refreshSeconds, now: deps.now() }));
  });
  return router;
}
