import { createPublicKey, type KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';

// RFC 8292 §2: `exp` no more than 24 hours after the request.
const maxLifetimeS = 24 * 3_600;
const clockSkewS = 60;

/** The application server a push came from, as its VAPID token says. */
export interface VapidIdentity {
  public_key: string;
  subject: string;
  audience: string;
  expires_at: string;
}

export type VapidCheck =
  { ok: true; identity: VapidIdentity } | { ok: false; status: 401 | 403; message: string };

const refuse = (status: 401 | 403, message: string): VapidCheck => ({ ok: false, status, message });

function parseVapidAuthorization(header: string): { token: string; key: string } | undefined {
  const params = /^vapid\s+(.+)$/i.exec(header.trim())?.[1];
  if (!params) return undefined;
  const values = new Map<string, string>();
  for (const part of params.split(',')) {
    const [name, ...rest] = part.split('=');
    if (name && rest.length > 0) values.set(name.trim().toLowerCase(), rest.join('=').trim());
  }
  const token = values.get('t');
  const key = values.get('k');
  return token && key ? { token, key } : undefined;
}

function p256KeyOf(base64url: string): KeyObject | undefined {
  const point = Buffer.from(base64url, 'base64url');
  if (point.length !== 65 || point[0] !== 4) return undefined;
  try {
    return createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
  } catch {
    return undefined;
  }
}

const sameKey = (a: string, b: string) => Buffer.from(a, 'base64url').equals(Buffer.from(b, 'base64url'));

/**
 * Checks `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292): an ES256 token signed by `k`, `aud` one of the
 * push service's origins, `exp` in the future and at most 24 h ahead, `sub` a mailto: or https: URI, and `k`
 * the subscription's application server key when it is restricted to one. Absent: 401; invalid: 403.
 */
export async function verifyVapid(
  authorization: string | undefined,
  options: { origins: readonly string[]; restrictedTo: string | null; now: Date },
): Promise<VapidCheck> {
  if (!authorization) return refuse(401, 'Missing VAPID authorization (Authorization: vapid t=..., k=...)');
  const vapid = parseVapidAuthorization(authorization);
  if (!vapid) return refuse(401, 'The Authorization header is not a vapid one with t and k');
  const key = p256KeyOf(vapid.key);
  if (!key) return refuse(403, 'k is not an uncompressed P-256 public key in URL-safe base64');
  if (options.restrictedTo !== null && !sameKey(options.restrictedTo, vapid.key)) {
    return refuse(403, 'The VAPID key is not the one the subscription was created with');
  }
  let claims;
  try {
    ({ payload: claims } = await jwtVerify(vapid.token, key, {
      algorithms: ['ES256'],
      requiredClaims: ['aud', 'exp', 'sub'],
      currentDate: options.now,
      clockTolerance: clockSkewS,
    }));
  } catch (error) {
    return refuse(403, `The VAPID token is invalid: ${(error as Error).message}`);
  }
  const nowS = options.now.getTime() / 1000;
  const exp = claims.exp ?? 0;
  if (exp > nowS + maxLifetimeS + clockSkewS)
    return refuse(403, 'The VAPID token expires more than 24 hours ahead');
  if (typeof claims.aud !== 'string' || !options.origins.includes(claims.aud)) {
    return refuse(
      403,
      `The VAPID token's aud must be this push service's origin (${options.origins[0] ?? ''})`,
    );
  }
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) {
    return refuse(403, "The VAPID token's sub must be a mailto: or https: URI");
  }
  return {
    ok: true,
    identity: {
      public_key: vapid.key,
      subject: claims.sub,
      audience: claims.aud,
      expires_at: new Date(exp * 1000).toISOString(),
    },
  };
}
