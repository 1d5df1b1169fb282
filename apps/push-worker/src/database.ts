import type { DeviceDeliveriesTable, NotificationsTable } from './deliveries/deliveries.table';

/** The tables of `herald_push`, as kysely sees them. */
export interface PushDatabase {
  notifications: NotificationsTable;
  device_deliveries: DeviceDeliveriesTable;
}
