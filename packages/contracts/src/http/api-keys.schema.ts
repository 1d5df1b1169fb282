import { Type, type Static } from '@sinclair/typebox';

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

/** What an API key may do; `admin` may do everything, including what later scopes add. */
export const ApiKeyScope = Type.Union(
  [
    Type.Literal('notifications:write'),
    Type.Literal('notifications:read'),
    Type.Literal('users:write'),
    Type.Literal('users:read'),
    Type.Literal('templates:write'),
    Type.Literal('templates:read'),
    Type.Literal('api_keys:manage'),
    Type.Literal('admin'),
  ],
  { $id: 'ApiKeyScope' },
);
export type ApiKeyScope = Static<typeof ApiKeyScope>;

export const CreateApiKeyRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(ApiKeyScope, { minItems: 1, uniqueItems: true }),
  },
  { $id: 'CreateApiKeyRequest', additionalProperties: false },
);
export type CreateApiKeyRequest = Static<typeof CreateApiKeyRequest>;

/** An API key as it is listed: never the key itself, only its first characters to recognise it by. */
export const ApiKey = Type.Object(
  {
    api_key_id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    scopes: Type.Array(ApiKeyScope),
    prefix: Type.String(),
    created_at: Timestamp,
    last_used_at: NullableTimestamp,
    revoked_at: NullableTimestamp,
  },
  { $id: 'ApiKey', additionalProperties: false },
);
export type ApiKey = Static<typeof ApiKey>;

/** A new API key, with the key itself: the only answer that ever shows it. */
export const CreatedApiKey = Type.Composite([ApiKey, Type.Object({ key: Type.String() })], {
  $id: 'CreatedApiKey',
  additionalProperties: false,
});
export type CreatedApiKey = Static<typeof CreatedApiKey>;

export const ApiKeyParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export type ApiKeyParams = Static<typeof ApiKeyParams>;
