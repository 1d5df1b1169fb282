import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { DevicePlatform, WebPushSubscription } from '@herald/contracts';

export interface DevicesTable {
  device_id: Generated<string>;
  user_id: string;
  platform: DevicePlatform;
  /** The APNs token (a JSON string) or the Web Push subscription (a JSON object). */
  token: ColumnType<string | WebPushSubscription, string, string>;
  /** What makes a device unique per platform: the lower-case APNs token, or the push endpoint. */
  token_key: string;
  active: Generated<boolean>;
  deactivated_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type DeviceRow = Selectable<DevicesTable>;
export type NewDeviceRow = Insertable<DevicesTable>;
