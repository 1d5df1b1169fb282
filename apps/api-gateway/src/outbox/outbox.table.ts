import type { ColumnType, Generated, Selectable } from 'kysely';
import type { HeraldMessage } from '@herald/contracts';

export interface OutboxTable {
  outbox_id: Generated<number>;
  notification_id: string;
  publication: string;
  message: ColumnType<HeraldMessage, string, string>;
  created_at: Generated<Date>;
}

export type OutboxRow = Selectable<OutboxTable>;
