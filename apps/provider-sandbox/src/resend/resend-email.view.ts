import type { SandboxEmail } from './resend.store';

const orNull = (list: readonly string[]) => (list.length > 0 ? list : null);

/** An accepted email as Resend's `GET /emails/{id}` returns it; every sandbox email has been delivered. */
export function toResendEmailView(email: SandboxEmail, now: Date) {
  const scheduled = email.scheduled_at !== null && Date.parse(email.scheduled_at) > now.getTime();
  return {
    object: 'email' as const,
    id: email.id,
    to: email.to,
    from: email.from,
    created_at: email.received_at,
    subject: email.subject,
    html: email.html,
    text: email.text,
    cc: orNull(email.cc),
    bcc: orNull(email.bcc),
    reply_to: orNull(email.reply_to),
    last_event: scheduled ? ('scheduled' as const) : ('delivered' as const),
    scheduled_at: email.scheduled_at,
    tags: email.tags,
    message_id: `<${email.id}@provider-sandbox.local>`,
  };
}
