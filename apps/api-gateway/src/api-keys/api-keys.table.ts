import type { Generated, Insertable, Selectable } from 'kysely';
import type { ApiKeyScope } from '@herald/contracts';

export interface ApiKeysTable {
  api_key_id: Generated<string>;
  name: string;
  /** The key's first characters, to recognise it by in a list. */
  prefix: string;
  /** SHA-256 of the key, hex: keys are long random strings, so a fast hash is enough and lookups stay O(1). */
  key_hash: string;
  scopes: ApiKeyScope[];
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export type ApiKeyRow = Selectable<ApiKeysTable>;
export type NewApiKeyRow = Insertable<ApiKeysTable>;
