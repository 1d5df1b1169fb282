import { sql, type Kysely } from 'kysely';
import type { GatewayDatabase } from '../database';
import type { ApiKeyRow, NewApiKeyRow } from './api-keys.table';

export async function insertApiKey(db: Kysely<GatewayDatabase>, key: NewApiKeyRow): Promise<ApiKeyRow> {
  return db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

export async function findActiveApiKeyByHash(
  db: Kysely<GatewayDatabase>,
  keyHash: string,
): Promise<ApiKeyRow | undefined> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchApiKey(db: Kysely<GatewayDatabase>, apiKeyId: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: sql`now()` }).where('api_key_id', '=', apiKeyId).execute();
}

export async function listApiKeys(
  db: Kysely<GatewayDatabase>,
  page: { offset: number; limit: number },
): Promise<{ rows: ApiKeyRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('api_key_id').offset(page.offset).limit(page.limit).execute(),
    db.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.total };
}

export async function revokeApiKey(db: Kysely<GatewayDatabase>, apiKeyId: string): Promise<ApiKeyRow | undefined> {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: sql`coalesce(revoked_at, now())` })
    .where('api_key_id', '=', apiKeyId)
    .returningAll()
    .executeTakeFirst();
}
