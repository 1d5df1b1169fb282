import { ApiKey, ApiKeyParams, CreateApiKeyRequest, CreatedApiKey } from '../http/api-keys.schema';
import { DataEnvelope, ListEnvelope, PageQuery } from '../http/envelope.schema';
import type { RouteSpec } from '../http/route.types';

const tag = 'api-keys';
const owner = 'api-gateway';

export const ApiKeyRoutes = {
  createApiKey: {
    operationId: 'createApiKey',
    method: 'post',
    path: '/api/v1/api-keys',
    summary: 'Create an API key; the key is in this answer and nowhere else',
    tag,
    owner,
    auth: 'api_key',
    scope: 'api_keys:manage',
    body: CreateApiKeyRequest,
    responses: { 201: { description: 'The key, shown once', schema: DataEnvelope(CreatedApiKey) } },
  },
  listApiKeys: {
    operationId: 'listApiKeys',
    method: 'get',
    path: '/api/v1/api-keys',
    summary: 'List API keys, without the keys themselves',
    tag,
    owner,
    auth: 'api_key',
    scope: 'api_keys:manage',
    query: PageQuery,
    responses: { 200: { description: 'A page of API keys', schema: ListEnvelope(ApiKey) } },
  },
  revokeApiKey: {
    operationId: 'revokeApiKey',
    method: 'delete',
    path: '/api/v1/api-keys/{id}',
    summary: 'Revoke an API key; it stops working at once',
    tag,
    owner,
    auth: 'api_key',
    scope: 'api_keys:manage',
    params: ApiKeyParams,
    responses: {
      200: { description: 'The revoked key', schema: DataEnvelope(ApiKey) },
      404: { description: 'No such API key' },
    },
  },
} as const satisfies Record<string, RouteSpec>;
