import { jwtVerify } from 'jose';
import { AccessTokenClaims, AccessTokenFormat } from '@herald/contracts';
import { TypeCompiler } from '@sinclair/typebox/compiler';

const claimsCheck = TypeCompiler.Compile(AccessTokenClaims);

/** Verifies a user's access token (signature, issuer, audience, expiry, claims); undefined when it is not valid. */
export function createAccessTokenVerifier(jwtSecret: string): (token: string) => Promise<string | undefined> {
  const secret = new TextEncoder().encode(jwtSecret);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, secret, {
        algorithms: [AccessTokenFormat.algorithm],
        issuer: AccessTokenFormat.issuer,
        audience: AccessTokenFormat.audience,
      });
      return claimsCheck.Check(payload) ? payload.sub : undefined;
    } catch {
      return undefined;
    }
  };
}

/** A JWT has three base64url parts; an API key never has a dot. */
export function looksLikeJwt(credential: string): boolean {
  return credential.split('.').length === 3;
}
