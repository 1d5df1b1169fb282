import type { Migration } from 'kysely';
import * as createApiKeys from './20261125T1200-create-api-keys';
import * as createNotifications from './20261125T1300-create-notifications';
import * as outboxHoldsOnlyUnpublished from './20261201T1500-outbox-holds-only-unpublished';
import * as timelineWithoutForeignKey from './20261201T1900-timeline-without-foreign-key';
import * as statusStoreWritesLess from './20261201T2100-status-store-writes-less';

/** The gateway's migrations, by the name kysely records (the file name without .ts); list every file here. */
export const migrations: Readonly<Record<string, Migration>> = {
  '20261125T1200-create-api-keys': createApiKeys,
  '20261125T1300-create-notifications': createNotifications,
  '20261201T1500-outbox-holds-only-unpublished': outboxHoldsOnlyUnpublished,
  '20261201T1900-timeline-without-foreign-key': timelineWithoutForeignKey,
  '20261201T2100-status-store-writes-less': statusStoreWritesLess,
};
