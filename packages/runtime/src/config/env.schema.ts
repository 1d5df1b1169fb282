import { Type } from '@sinclair/typebox';

/** A TCP port variable with its laptop default. */
export const PortEnv = (defaultPort: number) =>
  Type.Integer({ minimum: 0, maximum: 65535, default: defaultPort });

const LogLevel = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
  { default: 'info' },
);

/** Variables every service reads, with their laptop defaults from the design of record. */
export const CommonEnv = Type.Object({
  NODE_ENV: Type.String({ default: 'development' }),
  LOG_LEVEL: LogLevel,
  AMQP_URL: Type.String({ pattern: '^amqps?://', default: 'amqp://guest:guest@127.0.0.1:5672' }),
  /** Prefixes every queue and exchange name: for tests and side-by-side environments on one broker. */
  AMQP_NAMESPACE: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
  REDIS_URL: Type.String({ pattern: '^rediss?://', default: 'redis://127.0.0.1:6379' }),
  /** Overrides the prefix of every Redis key the service writes: for tests and side-by-side environments. */
  REDIS_KEY_PREFIX: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

/** The PostgreSQL server every service with a database uses; each service keeps its own database on it. */
export const DatabaseEnv = Type.Object({
  DATABASE_URL: Type.String({
    pattern: '^postgres(ql)?://',
    default: 'postgres://postgres@127.0.0.1:5432/postgres',
  }),
  /** Overrides the service's own database name (herald_users, ...): for tests and side-by-side environments. */
  DATABASE_NAME: Type.Optional(Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$' })),
});

/** The secret user access tokens are signed with; shared by the gateway and the user service. */
export const JwtEnv = Type.Object({ JWT_SECRET: Type.String({ minLength: 32 }) });
