import type { KeyObject } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { ApnsReason } from './apns.reasons';

// APNs refuses a provider token issued more than an hour ago.
const tokenLifetimeS = 3_600;
// A token a little ahead of our clock is the provider's clock drifting, not forgery.
const clockSkewS = 60;

export interface ProviderTokenVerifierDeps {
  publicKey: KeyObject;
  keyId: string;
  teamId: string;
  now: () => Date;
}

/**
 * Checks `authorization: bearer <JWT>` as APNs does: ES256 signed by the team's key, `kid` the key id, `iss`
 * the team id, `iat` within the last hour. Resolves to the refusal reason, or undefined when the token is good.
 */
export function createProviderTokenVerifier(deps: ProviderTokenVerifierDeps) {
  return async (authorization: string | undefined): Promise<ApnsReason | undefined> => {
    if (authorization === undefined || authorization.trim() === '') return 'MissingProviderToken';
    const token = /^bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
    if (!token) return 'InvalidProviderToken';
    try {
      if (decodeProtectedHeader(token).kid !== deps.keyId) return 'InvalidProviderToken';
      const now = deps.now();
      const { payload } = await jwtVerify(token, deps.publicKey, {
        algorithms: ['ES256'],
        issuer: deps.teamId,
        requiredClaims: ['iat'],
        currentDate: now,
        clockTolerance: clockSkewS,
      });
      const age = now.getTime() / 1000 - (payload.iat ?? 0);
      if (age < -clockSkewS) return 'InvalidProviderToken';
      if (age > tokenLifetimeS) return 'ExpiredProviderToken';
      return undefined;
    } catch {
      return 'InvalidProviderToken';
    }
  };
}
export type ProviderTokenVerifier = ReturnType<typeof createProviderTokenVerifier>;
