import type { ApnsPush } from '../apns/apns.store';
import type { WebPushMessage } from '../web-push/web-push.store';
import { escapeHtml, type InboxSection } from './inbox.page';

type Push = { kind: 'apns'; push: ApnsPush } | { kind: 'web-push'; push: WebPushMessage };

function field(label: string, value: string | number | null): string {
  return value === null || value === ''
    ? ''
    : `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(String(value))}</dd>`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function alertOf(payload: Record<string, unknown>): {
  title?: string | undefined;
  body?: string | undefined;
} {
  const alert = (payload.aps as { alert?: unknown } | undefined)?.alert;
  if (typeof alert === 'string') return { title: alert };
  if (typeof alert !== 'object' || alert === null) return {};
  const { title, body } = alert as { title?: unknown; body?: unknown };
  return { title: text(title), body: text(body) };
}

function renderApnsPush(push: ApnsPush): string {
  const alert = alertOf(push.payload);
  return `<article class="push" id="apns-${escapeHtml(push.apns_id)}">
<h3><span class="kind">APNs</span> ${escapeHtml(alert.title ?? alert.body ?? '(no alert: a silent push)')}</h3>
<dl>${field('Token', push.token)}${field('Topic', push.topic)}${field('Push type', push.push_type)}${field('Priority', push.priority)}${field('Collapse id', push.collapse_id)}${field('Expiration', push.expiration)}${field('apns-id', push.apns_id)}${field('Received', push.received_at)}</dl>
${alert.title && alert.body ? `<p>${escapeHtml(alert.body)}</p>` : ''}<details><summary>Payload</summary><pre>${escapeHtml(JSON.stringify(push.payload, null, 2))}</pre></details>
</article>`;
}

// A notification's title from a JSON payload, in the shapes web apps commonly send.
function webPushTitleOf(payload: string | null): string | undefined {
  if (payload === null) return undefined;
  try {
    const value = JSON.parse(payload) as { title?: unknown; notification?: { title?: unknown } };
    return text(value.title) ?? text(value.notification?.title);
  } catch {
    return payload.split('\n', 1)[0];
  }
}

function renderWebPush(message: WebPushMessage): string {
  const title =
    webPushTitleOf(message.text) ?? (message.decryption_error ? '(could not decrypt)' : '(no payload)');
  const body = message.decryption_error
    ? `<p class="error">Not decrypted: ${escapeHtml(message.decryption_error)}</p>`
    : message.text === null
      ? ''
      : `<pre>${escapeHtml(message.text)}</pre>`;
  return `<article class="push" id="webpush-${escapeHtml(message.id)}">
<h3><span class="kind">Web Push</span> ${escapeHtml(title)}</h3>
<dl>${field('Subscription', message.subscription_id)}${field('TTL', message.ttl)}${field('Urgency', message.urgency)}${field('Topic', message.topic)}${field('VAPID subject', message.vapid.subject)}${field('Received', message.received_at)}</dl>
${body}
</article>`;
}

/** The pushes part of the inbox: the newest `limit` APNs and Web Push pushes together, newest first. */
export function renderPushesSection(
  apns: readonly ApnsPush[],
  webPush: readonly WebPushMessage[],
  limit: number,
): InboxSection {
  const pushes: Push[] = [
    ...apns.map((push) => ({ kind: 'apns' as const, push })),
    ...webPush.map((push) => ({ kind: 'web-push' as const, push })),
  ].sort((a, b) => b.push.received_at.localeCompare(a.push.received_at));
  const total = pushes.length;
  const shown = total > limit ? ` (the newest ${limit} of ${total})` : ` (${total})`;
  const body =
    total === 0
      ? '<p class="empty">No push yet. Send one to the APNs stand-in or to a Web Push subscription issued here.</p>'
      : pushes
          .slice(0, limit)
          .map((entry) => (entry.kind === 'apns' ? renderApnsPush(entry.push) : renderWebPush(entry.push)))
          .join('\n');
  return { id: 'pushes', title: `Push notifications${shown}`, body };
}
