import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { paginationMeta, type ApiKey, type CreateApiKeyRequest, type CreatedApiKey, type PageQuery, type PaginationMeta } from '@herald/contracts';
import { AppError, type JsonCache } from '@herald/runtime';
import type { Principal } from '../auth/principal';
import type { GatewayDatabase } from '../database';
import { findActiveApiKeyByHash, insertApiKey, listApiKeys, revokeApiKey, touchApiKey } from './api-keys.repository';
import type { ApiKeyRow } from './api-keys.table';

const keyPrefix = 'hrld_';
/** The id the admin key (HERALD_ADMIN_API_KEY) acts under. */
export const adminApiKeyId = 'admin';

// crypto.hash: one call, without the Hash object createHash builds for a single digest (every request hashes its key).
const sha256 = (value: string) => hash('sha256', value, 'buffer');

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    api_key_id: row.api_key_id,
    name: row.name,
    scopes: row.scopes,
    prefix: row.prefix,
    created_at: row.created_at.toISOString(),
    last_used_at: row.last_used_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
  };
}

type CachedKey = { api_key_id: string; scopes: ApiKey['scopes'] };

export interface ApiKeysService {
  /** The principal an API key stands for, or undefined for an unknown or revoked key. */
  authenticate(key: string): Promise<Principal | undefined>;
  createApiKey(request: CreateApiKeyRequest): Promise<CreatedApiKey>;
  listApiKeys(query: PageQuery): Promise<{ keys: ApiKey[]; meta: PaginationMeta }>;
  revokeApiKey(apiKeyId: string): Promise<ApiKey>;
}

export function createApiKeysService(deps: {
  db: Kysely<GatewayDatabase>;
  adminKey: string;
  cache: JsonCache<CachedKey | null>;
}): ApiKeysService {
  const { db, cache } = deps;
  const adminDigest = sha256(deps.adminKey);

  return {
    async authenticate(key) {
      const digest = sha256(key);
      // Comparing digests keeps the comparison constant-time whatever the lengths of the two keys.
      if (timingSafeEqual(digest, adminDigest)) return { kind: 'api_key', apiKeyId: adminApiKeyId, scopes: ['admin'] };
      const keyHash = digest.toString('hex');
      let found = await cache.get(keyHash);
      if (found === undefined) {
        const row = await findActiveApiKeyByHash(db, keyHash);
        found = row ? { api_key_id: row.api_key_id, scopes: row.scopes } : null;
        await cache.set(keyHash, found);
        // Touched once per cache period rather than on every request: last_used_at is for people, not billing.
        if (row) await touchApiKey(db, row.api_key_id);
      }
      return found ? { kind: 'api_key', apiKeyId: found.api_key_id, scopes: found.scopes } : undefined;
    },

    async createApiKey(request) {
      const key = `${keyPrefix}${randomBytes(32).toString('base64url')}`;
      const row = await insertApiKey(db, {
        name: request.name,
        scopes: request.scopes,
        prefix: key.slice(0, keyPrefix.length + 6),
        key_hash: sha256(key).toString('hex'),
        last_used_at: null,
        revoked_at: null,
      });
      return { ...toApiKey(row), key };
    },

    async listApiKeys(query) {
      const page = query.page ?? 1;
      const limit = query.limit ?? 20;
      const { rows, total } = await listApiKeys(db, { offset: (page - 1) * limit, limit });
      return { keys: rows.map(toApiKey), meta: paginationMeta(total, page, limit) };
    },

    async revokeApiKey(apiKeyId) {
      const row = await revokeApiKey(db, apiKeyId);
      if (!row) throw new AppError('not_found', `No API key with id ${apiKeyId}`);
      await cache.drop(row.key_hash);
      return toApiKey(row);
    },
  };
}
