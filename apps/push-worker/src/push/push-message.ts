import type { NotificationPushRequestedV1, RenderedTemplate } from '@herald/contracts';
import { PermanentDeliveryError } from '@herald/runtime';

/** One rendered push, the same for every device of the user. */
export interface PushMessage {
  readonly notificationId: string;
  readonly title: string | null;
  readonly body: string;
  /** An https image to show with the alert (APNs: a notification service extension fetches it). */
  readonly image: string | null;
  /** Where tapping the notification leads. */
  readonly link: string | null;
  /** Herald's priority, 1..10. */
  readonly priority: number;
}

/** How long a push waits for an offline device before the provider drops it. */
export const pushLifetimeSeconds = 24 * 60 * 60;

function httpUrlOf(value: unknown): string | null {
  if (typeof value !== 'string' || !URL.canParse(value)) return null;
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:' ? value : null;
}

/** The push a request and its rendered template make; `image` and `link` come from the variables, if URLs. */
export function pushMessageOf(request: NotificationPushRequestedV1, rendered: RenderedTemplate): PushMessage {
  if (rendered.body === null || rendered.body.trim() === '') {
    throw new PermanentDeliveryError(
      `template ${request.template_code} has no body, so it cannot be sent as a push`,
    );
  }
  return {
    notificationId: request.notification_id,
    title: rendered.title,
    body: rendered.body,
    image: httpUrlOf((request.variables as Record<string, unknown>)['image']),
    link: httpUrlOf(request.variables.link),
    priority: request.priority,
  };
}

/**
 * APNs' `apns-priority`: 10 (deliver now) for Herald's default priority and above, 5 (when the device's power
 * allows) for the low priorities 1-4, which are the ones a sender marks as able to wait.
 */
export function apnsPriorityOf(priority: number): 10 | 5 {
  return priority >= 5 ? 10 : 5;
}

/** Web Push's `Urgency` (RFC 8030 §5.3): high on the critical lane (9-10), low for 1-4, normal between. */
export function webPushUrgencyOf(priority: number): 'high' | 'normal' | 'low' {
  if (priority >= 9) return 'high';
  return priority >= 5 ? 'normal' : 'low';
}
