import type { Generated, Insertable, Selectable } from 'kysely';
import type { DevicePlatform } from '@herald/contracts';

export interface NotificationsTable {
  notification_id: string;
  user_id: string;
  template_code: string;
  status: 'delivered' | 'skipped' | 'failed';
  /** The attempt that settled the notification. */
  attempts: number;
  /** Why it was skipped or failed, or which devices took it. */
  detail: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DeviceDeliveriesTable {
  delivery_id: Generated<string>;
  notification_id: string;
  device_id: string;
  user_id: string;
  platform: DevicePlatform;
  /** Only final outcomes are kept: a transient failure leaves no row, so the device is tried again. */
  status: 'delivered' | 'failed';
  provider_message_id: string | null;
  /** The attempt that settled this device. */
  attempts: number;
  error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type NotificationRow = Selectable<NotificationsTable>;
export type NewNotificationRow = Insertable<NotificationsTable>;
export type DeviceDeliveryRow = Selectable<DeviceDeliveriesTable>;
export type NewDeviceDeliveryRow = Insertable<DeviceDeliveriesTable>;
