import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LoginRequest, LoginResponse } from '@herald/contracts';
import { AppError } from '@herald/runtime';
import type { UserDatabase } from '../database';
import { hashPassword, verifyPassword } from '../users/password.hasher';
import { findUserByEmail } from '../users/users.repository';
import { signAccessToken } from './access-token';

export interface AuthService {
  login(request: LoginRequest): Promise<LoginResponse>;
}

export function createAuthService(deps: {
  db: Kysely<UserDatabase>;
  jwtSecret: string;
  tokenTtlSeconds: number;
}): AuthService {
  const secret = new TextEncoder().encode(deps.jwtSecret);
  // Checked against when the email is unknown, so a login takes as long whether or not the account exists.
  let decoyHash: Promise<string> | undefined;
  const invalid = () => new AppError('unauthorized', 'The email or password is wrong');

  return {
    async login(request) {
      const user = await findUserByEmail(deps.db, request.email);
      if (!user) {
        decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
        await verifyPassword(request.password, await decoyHash);
        throw invalid();
      }
      if (!(await verifyPassword(request.password, user.password_hash))) throw invalid();
      return {
        access_token: await signAccessToken(secret, user.user_id, deps.tokenTtlSeconds),
        token_type: 'Bearer',
        expires_in: deps.tokenTtlSeconds,
        user_id: user.user_id,
      };
    },
  };
}
