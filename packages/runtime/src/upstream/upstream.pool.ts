import { Pool, type Dispatcher } from 'undici';

export type { Dispatcher };

/**
 * The connections to one upstream (a Herald service, a provider's API), kept open between calls. One pool per
 * upstream rather than one undici Agent for all: undici 7.30's Agent can close and reopen an origin's pool after every call once a
 * call was aborted and another origin refused a connection. `connectTimeoutMs` bounds a connect, which the
 * per-call timeouts (headers, body) do not cover.
 */
export function createUpstreamPool(baseUrl: string, options: { connectTimeoutMs: number }): Pool {
  return new Pool(new URL(baseUrl).origin, {
    connect: { timeout: options.connectTimeoutMs },
    // Herald's services keep idle connections 5 s (node's default); undici also reads their keep-alive hint.
    keepAliveTimeout: 4_000,
  });
}
