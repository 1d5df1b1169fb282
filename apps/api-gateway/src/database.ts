import type { ApiKeysTable } from './api-keys/api-keys.table';

/** The tables of `herald_gateway`, as kysely sees them. */
export interface GatewayDatabase {
  api_keys: ApiKeysTable;
}
