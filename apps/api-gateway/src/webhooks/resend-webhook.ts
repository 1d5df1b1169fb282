import type { Kysely } from 'kysely';
import { Webhook } from 'svix';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ResendWebhookEvent, type WebhookReceipt } from '@herald/contracts';
import { AppError } from '@herald/runtime';
import type { GatewayDatabase } from '../database';
import { findNotification, findNotificationByProviderMessage } from '../notifications/notifications.repository';
import type { StatusRecorder, StatusReport } from '../status/status-recorder';

const eventCheck = TypeCompiler.Compile(ResendWebhookEvent);
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const statusOfEvent: Readonly<Record<string, StatusReport['status']>> = {
  'email.delivered': 'delivered',
  'email.bounced': 'bounced',
  'email.complained': 'complained',
};

// The email worker tags every email with its notification id; the provider's email id is the fallback.
function taggedNotificationId(event: ResendWebhookEvent): string | undefined {
  const tags = event.data.tags;
  const value = Array.isArray(tags) ? tags.find((tag) => tag.name === 'notification_id')?.value : tags?.notification_id;
  return typeof value === 'string' && uuidPattern.test(value) ? value : undefined;
}

export interface ResendWebhookHandler {
  receive(rawBody: Buffer | undefined, headers: Record<string, string | undefined>): Promise<WebhookReceipt>;
}

/** Verifies Resend's Svix-signed webhooks and records delivered, bounced and complained events. */
export function createResendWebhookHandler(deps: {
  db: Kysely<GatewayDatabase>;
  recorder: StatusRecorder;
  secret: string | undefined;
}): ResendWebhookHandler {
  const verifier = deps.secret ? new Webhook(deps.secret) : undefined;
  return {
    async receive(rawBody, headers) {
      if (!verifier) throw new AppError('service_unavailable', 'RESEND_WEBHOOK_SECRET is not set: webhooks are off');
      let payload: unknown;
      try {
        payload = verifier.verify(rawBody?.toString('utf8') ?? '', {
          'svix-id': headers['svix-id'] ?? '',
          'svix-timestamp': headers['svix-timestamp'] ?? '',
          'svix-signature': headers['svix-signature'] ?? '',
        });
      } catch {
        throw new AppError('unauthorized', 'The webhook signature is missing or wrong');
      }
      if (!eventCheck.Check(payload)) throw new AppError('validation_failed', 'The webhook body is not a Resend event');
      const event = payload;
      const status = statusOfEvent[event.type];
      const tagged = taggedNotificationId(event);
      const row = tagged
        ? await findNotification(deps.db, tagged)
        : await findNotificationByProviderMessage(deps.db, event.data.email_id);
      if (!status || !row) return { event_type: event.type, notification_id: row?.notification_id ?? null, handled: false };
      const bounce = event.data.bounce?.message;
      await deps.recorder.record({
        notification_id: row.notification_id,
        status,
        detail: typeof bounce === 'string' ? bounce : `resend: ${event.type}`,
        provider_message_id: event.data.email_id,
        ...(Number.isNaN(Date.parse(event.created_at)) ? {} : { at: new Date(event.created_at) }),
      });
      return { event_type: event.type, notification_id: row.notification_id, handled: true };
    },
  };
}
