import type { ApiKeysTable } from './api-keys/api-keys.table';
import type { NotificationEventsTable, NotificationsTable } from './notifications/notifications.table';
import type { OutboxTable } from './outbox/outbox.table';

/** The tables of `herald_gateway`, as kysely sees them. */
export interface GatewayDatabase {
  api_keys: ApiKeysTable;
  notifications: NotificationsTable;
  notification_events: NotificationEventsTable;
  outbox: OutboxTable;
}
