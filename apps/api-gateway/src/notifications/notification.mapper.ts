import type { Notification, SendNotificationAccepted } from '@herald/contracts';
import type { NotificationEventRow, NotificationRow } from './notifications.table';

export function toNotification(row: NotificationRow, events: readonly NotificationEventRow[]): Notification {
  return {
    notification_id: row.notification_id,
    request_id: row.request_id,
    user_id: row.user_id,
    notification_type: row.notification_type,
    template_code: row.template_code,
    status: row.status,
    priority: row.priority,
    attempts: row.attempts,
    error: row.error,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    timeline: events.map((event) => ({ status: event.status, at: event.at.toISOString(), detail: event.detail })),
  };
}

/** The answer to an accept: a new notification or the replay of an earlier one, always pending to the caller. */
export function toAccepted(row: Pick<NotificationRow, 'notification_id' | 'request_id'>): SendNotificationAccepted {
  return { notification_id: row.notification_id, request_id: row.request_id, status: 'pending' };
}
