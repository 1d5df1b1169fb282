import { randomUUID } from 'node:crypto';
import {
  MessageTypes,
  requestPublication,
  type NotificationRequested,
  type SendNotificationRequest,
} from '@herald/contracts';

/** The message that asks the channel's worker to deliver a notification, and the publication it goes out on. */
export function notificationRequested(
  notificationId: string,
  request: SendNotificationRequest & { priority: number },
  correlationId: string,
): { publication: string; message: NotificationRequested } {
  const message: NotificationRequested = {
    type: request.notification_type === 'email' ? MessageTypes.emailRequested : MessageTypes.pushRequested,
    message_id: randomUUID(),
    notification_id: notificationId,
    request_id: request.request_id,
    correlation_id: correlationId,
    attempt: 1,
    occurred_at: new Date().toISOString(),
    user_id: request.user_id,
    template_code: request.template_code,
    variables: request.variables,
    priority: request.priority,
    ...(request.language ? { language: request.language } : {}),
    ...(request.metadata ? { metadata: request.metadata } : {}),
  };
  return { publication: requestPublication(request.notification_type, request.priority), message };
}
