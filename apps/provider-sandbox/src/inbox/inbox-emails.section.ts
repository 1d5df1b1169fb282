import type { SandboxEmail } from '../resend/resend.store';
import { escapeHtml, type InboxSection } from './inbox.page';

function field(label: string, value: string): string {
  return value ? `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>` : '';
}

function renderBody(email: SandboxEmail): string {
  const text = email.text === null ? '' : `<pre>${escapeHtml(email.text)}</pre>`;
  if (email.html === null) return text;
  // An empty sandbox: the preview runs no script, submits no form and has no access to this page.
  const preview = `<iframe sandbox="" srcdoc="${escapeHtml(email.html)}" title="${escapeHtml(`Preview of ${email.subject}`)}" loading="lazy"></iframe>`;
  return text ? `${preview}<details><summary>Text version</summary>${text}</details>` : preview;
}

function renderEmail(email: SandboxEmail): string {
  return `<article id="email-${escapeHtml(email.id)}">
<h3>${escapeHtml(email.subject)}</h3>
<dl>${field('From', email.from)}${field('To', email.to.join(', '))}${field('Cc', email.cc.join(', '))}${field('Bcc', email.bcc.join(', '))}${field('Received', email.received_at)}${field('Idempotency key', email.idempotency_key ?? '')}</dl>
${renderBody(email)}
</article>`;
}

/** The emails part of the inbox: the newest `limit` emails, newest first. */
export function renderEmailsSection(emails: readonly SandboxEmail[], limit: number): InboxSection {
  const newest = emails.slice(-limit).reverse();
  const shown = emails.length > limit ? ` (the newest ${limit} of ${emails.length})` : ` (${emails.length})`;
  const body =
    newest.length === 0
      ? '<p class="empty">No email yet. Point RESEND_BASE_URL here and send one.</p>'
      : newest.map(renderEmail).join('\n');
  return { id: 'emails', title: `Emails${shown}`, body };
}
