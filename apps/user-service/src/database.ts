import type { DevicesTable } from './devices/devices.table';
import type { UsersTable } from './users/users.table';

/** The tables of `herald_users`, as kysely sees them. */
export interface UserDatabase {
  users: UsersTable;
  devices: DevicesTable;
}
