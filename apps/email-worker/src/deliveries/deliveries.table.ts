import type { Generated, Insertable, Selectable } from 'kysely';

export type DeliveryRowStatus = 'delivered' | 'skipped' | 'failed';

export interface DeliveriesTable {
  delivery_id: Generated<string>;
  notification_id: string;
  user_id: string;
  template_code: string;
  status: DeliveryRowStatus;
  provider_message_id: string | null;
  /** The attempt that settled the notification. */
  attempts: number;
  error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type DeliveryRow = Selectable<DeliveriesTable>;
export type NewDeliveryRow = Insertable<DeliveriesTable>;
