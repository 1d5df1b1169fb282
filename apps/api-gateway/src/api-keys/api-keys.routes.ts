import type { RequestHandler } from 'express';
import { ApiKeyParams, CreateApiKeyRequest, PageQuery } from '@herald/contracts';
import { createValidator, sendData, sendPage } from '@herald/runtime';
import type { ApiKeysService } from './api-keys.service';

const parseCreate = createValidator(CreateApiKeyRequest, 'body');
const parseParams = createValidator(ApiKeyParams, 'params');
const parsePage = createValidator(PageQuery, 'query');

/** The gateway's API-key handlers, by operationId. */
export function apiKeyHandlers(apiKeys: ApiKeysService): Record<string, RequestHandler> {
  return {
    createApiKey: async (req, res) => {
      sendData(res, await apiKeys.createApiKey(parseCreate(req.body)), 'API key created; it is shown only now', 201);
    },
    listApiKeys: async (req, res) => {
      const { keys, meta } = await apiKeys.listApiKeys(parsePage(req.query));
      sendPage(res, keys, meta, 'API keys');
    },
    revokeApiKey: async (req, res) => {
      sendData(res, await apiKeys.revokeApiKey(parseParams(req.params).id), 'API key revoked');
    },
  };
}
