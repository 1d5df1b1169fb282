import {
  PermanentDeliveryError,
  TransientDeliveryError,
  type Dispatcher,
  type ProviderBreaker,
} from '@herald/runtime';
import { toHeaderValue, toTagValue } from './email-header.value';
import { deadlineSignal } from './resend-deadline.signal';
import { classifyResendError } from './resend-error.classifier';
import { PooledResend } from './pooled-resend';

/** The header every email carries with its notification id, so a reply or a bounce can be traced. */
export const NotificationIdHeader = 'X-Herald-Notification-Id';

export interface OutgoingEmail {
  readonly notificationId: string;
  readonly templateCode: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string | null;
  readonly html: string | null;
}

export interface EmailSender {
  /** Sends one email; resolves with Resend's email id. The notification id is the idempotency key on every attempt. */
  send(email: OutgoingEmail, signal: AbortSignal): Promise<{ id: string }>;
}

// Resend needs html or text; an email with both shows the html and keeps the text for clients without it.
function contentOf(email: OutgoingEmail): { html: string; text?: string } | { text: string } {
  if (email.html === null) return { text: email.text ?? '' };
  return email.text === null ? { html: email.html } : { html: email.html, text: email.text };
}

/** Sends through the official Resend SDK, behind the provider's circuit breaker. */
export function createResendSender(deps: {
  apiKey: string;
  baseUrl: string;
  from: string;
  timeoutMs: number;
  breaker: ProviderBreaker;
  /** The connections to Resend's API (`baseUrl`'s origin). */
  pool: Dispatcher;
}): EmailSender {
  // The base URL is passed explicitly: the SDK would otherwise read RESEND_BASE_URL from the environment itself.
  const resend = new PooledResend(deps.apiKey, { baseUrl: deps.baseUrl, pool: deps.pool });
  const from = toHeaderValue(deps.from);

  async function post(email: OutgoingEmail, signal: AbortSignal): Promise<{ id: string }> {
    const deadline = deadlineSignal(signal, deps.timeoutMs);
    const { data, error, headers } = await resend.emails
      .send(
        {
          from,
          to: email.to,
          subject: toHeaderValue(email.subject),
          ...contentOf(email),
          headers: { [NotificationIdHeader]: toHeaderValue(email.notificationId) },
          tags: [
            { name: 'notification_id', value: toTagValue(email.notificationId) },
            { name: 'template', value: toTagValue(email.templateCode) },
          ],
        },
        {
          idempotencyKey: email.notificationId,
          signal: deadline.signal,
        },
      )
      .catch((thrown: unknown) => ({
        data: null,
        error: { message: String(thrown), statusCode: null },
        headers: null,
      }))
      .finally(deadline.release);
    if (error) throw classifyResendError(error, headers);
    if (typeof data?.id !== 'string' || data.id === '')
      throw new TransientDeliveryError('resend answered without an email id');
    return { id: data.id };
  }

  return {
    async send(email, signal) {
      if (email.text === null && email.html === null) {
        throw new PermanentDeliveryError(`template ${email.templateCode} has neither a body nor html`);
      }
      return deps.breaker.run(() => post(email, signal));
    },
  };
}
