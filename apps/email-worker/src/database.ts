import type { DeliveriesTable } from './deliveries/deliveries.table';

/** The tables of `herald_email`, as kysely sees them. */
export interface EmailDatabase {
  deliveries: DeliveriesTable;
}
