import type { Request } from 'express';
import { AppError } from '@herald/runtime';
import type { ApiKeysService } from '../api-keys/api-keys.service';
import { looksLikeJwt } from './access-token.verifier';
import type { Principal } from './principal';

function credentialOf(req: Request): string | undefined {
  const apiKey = req.get('x-api-key');
  if (apiKey) return apiKey.trim();
  const authorization = req.get('authorization');
  if (!authorization) return undefined;
  const [scheme, value] = authorization.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() !== 'bearer' || !value) {
    throw new AppError('unauthorized', 'Authorization must be "Bearer <API key or access token>"');
  }
  return value;
}

/** Finds who is calling from `x-api-key` or `Authorization: Bearer`; a credential that is present but wrong is a 401. */
export function createAuthenticator(deps: {
  apiKeys: ApiKeysService;
  verifyAccessToken: (token: string) => Promise<string | undefined>;
}): (req: Request) => Promise<Principal | undefined> {
  return async (req) => {
    const credential = credentialOf(req);
    if (credential === undefined) return undefined;
    if (looksLikeJwt(credential)) {
      const userId = await deps.verifyAccessToken(credential);
      if (!userId) throw new AppError('unauthorized', 'The access token is invalid or has expired');
      return { kind: 'user', userId };
    }
    const principal = await deps.apiKeys.authenticate(credential);
    if (!principal) throw new AppError('unauthorized', 'The API key is not valid');
    return principal;
  };
}
