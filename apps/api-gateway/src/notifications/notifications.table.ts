import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { JsonObject, NotificationStatus, NotificationType, TimelineStatus } from '@herald/contracts';

type Json<T> = ColumnType<T, string, string>;

export interface NotificationsTable {
  notification_id: string;
  api_key_id: string;
  request_id: string;
  request_hash: string;
  notification_type: NotificationType;
  user_id: string;
  template_code: string;
  variables: Json<JsonObject>;
  priority: number;
  language: string | null;
  metadata: Json<JsonObject | null>;
  status: Generated<NotificationStatus>;
  attempts: Generated<number>;
  error: string | null;
  provider_message_id: string | null;
  correlation_id: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface NotificationEventsTable {
  event_id: Generated<number>;
  notification_id: string;
  status: TimelineStatus;
  detail: string | null;
  at: Generated<Date>;
  message_id: string | null;
  /** The provider's email id, on the step that brought it: a webhook without our tag is matched by it. */
  provider_message_id: Generated<string | null>;
}

export type NotificationRow = Selectable<NotificationsTable>;
export type NewNotificationRow = Insertable<NotificationsTable>;
export type NotificationEventRow = Selectable<NotificationEventsTable>;
export type NewNotificationEventRow = Insertable<NotificationEventsTable>;
