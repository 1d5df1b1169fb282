import { Type, type Static } from '@sinclair/typebox';
import { CommonEnv, DatabaseEnv, JwtEnv, PortEnv } from '@herald/runtime';

export const UserServiceEnv = Type.Composite([
  CommonEnv,
  DatabaseEnv,
  JwtEnv,
  Type.Object({
    USER_SERVICE_PORT: PortEnv(8081),
    /** How long a user's access token lives. */
    ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 86_400, default: 3_600 }),
  }),
]);
export type UserServiceConfig = Static<typeof UserServiceEnv>;

export const userServiceDatabase = 'herald_users';
