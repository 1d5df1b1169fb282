import type { LocalTemplateRenderer } from '@herald/templating';
import type { UserDirectory } from '@herald/runtime';
import type { NotificationEmailRequestedV1 } from '@herald/contracts';
import { PermanentDeliveryError, type DeliveryHandler, type DeliveryReport } from '@herald/runtime';
import type { EmailSender } from '../resend/resend.sender';
import type { DeliveryBatches } from './deliveries.batches';

export interface EmailDelivery {
  deliver: DeliveryHandler<NotificationEmailRequestedV1>;
  /** Records a notification that ended failed (the failure itself is reported by the runtime). */
  recordFailure(request: NotificationEmailRequestedV1, reason: string): Promise<void>;
}

const preferenceOff = 'email preference is off';

/** One email notification, start to finish: user, preference, render, send, record. */
export function createEmailDelivery(deps: {
  deliveries: DeliveryBatches;
  users: UserDirectory;
  templates: LocalTemplateRenderer;
  sender: EmailSender;
}): EmailDelivery {
  const { deliveries, users, templates, sender } = deps;

  const rowOf = (request: NotificationEmailRequestedV1) => ({
    notification_id: request.notification_id,
    user_id: request.user_id,
    template_code: request.template_code,
    attempts: request.attempt,
  });

  return {
    async deliver(request, { signal }): Promise<DeliveryReport> {
      // A redelivered or repeated request for a delivered notification reports again and sends nothing.
      const previous = await deliveries.find(request.notification_id);
      if (previous?.status === 'delivered') {
        return {
          status: 'delivered',
          ...(previous.provider_message_id ? { provider_message_id: previous.provider_message_id } : {}),
        };
      }

      const user = await users.getUser(request.user_id, signal);
      if (!user.preferences.email) {
        await deliveries.record({
          ...rowOf(request),
          status: 'skipped',
          provider_message_id: null,
          error: preferenceOff,
        });
        return { status: 'skipped', detail: preferenceOff };
      }

      const rendered = await templates.render(
        request.template_code,
        // The profile's name is the default for {{name}}; the caller's variables win.
        { variables: { name: user.name, ...request.variables }, language: request.language ?? user.language },
        signal,
      );
      if (rendered.subject === null) {
        throw new PermanentDeliveryError(
          `template ${request.template_code} has no subject, so it cannot be sent as an email`,
        );
      }
      const sent = await sender.send(
        {
          notificationId: request.notification_id,
          templateCode: request.template_code,
          to: user.email,
          subject: rendered.subject,
          text: rendered.body,
          html: rendered.html,
        },
        signal,
      );
      await deliveries.record({
        ...rowOf(request),
        status: 'delivered',
        provider_message_id: sent.id,
        error: null,
      });
      return { status: 'delivered', provider_message_id: sent.id };
    },

    async recordFailure(request, reason) {
      await deliveries.record({
        ...rowOf(request),
        status: 'failed',
        provider_message_id: null,
        error: reason,
      });
    },
  };
}
