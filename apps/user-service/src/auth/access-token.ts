import { SignJWT } from 'jose';
import { AccessTokenFormat, type AccessTokenClaims } from '@herald/contracts';

/** Signs a user's access token with JWT_SECRET; the gateway verifies it with the same secret. */
export async function signAccessToken(
  secret: Uint8Array,
  userId: string,
  ttlSeconds: number,
): Promise<string> {
  const claims: Omit<AccessTokenClaims, 'sub'> = { scope: 'user' };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: AccessTokenFormat.algorithm, typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(AccessTokenFormat.issuer)
    .setAudience(AccessTokenFormat.audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret);
}
