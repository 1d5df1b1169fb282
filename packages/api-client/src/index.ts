import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

export type { components, operations, paths } from './schema';

export interface HeraldClientOptions {
  /** The gateway's root, e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  /** An API key, sent as `x-api-key`. */
  readonly apiKey?: string;
  /** A user's access token, sent as `Authorization: Bearer`. */
  readonly accessToken?: string;
  /** Sent as `x-correlation-id`, so the gateway's logs and messages carry it. */
  readonly correlationId?: string;
  readonly fetch?: (input: Request) => Promise<Response>;
}

export type HeraldClient = Client<paths>;

/** Creates a typed client of Herald's public API that authenticates every request. */
export function createHeraldClient(options: HeraldClientOptions): HeraldClient {
  // The gateway reads x-api-key before Authorization, so sending both would silently ignore the token.
  if (options.apiKey && options.accessToken) throw new Error('Pass an apiKey or an accessToken, not both');
  const headers: Record<string, string> = {};
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
  if (options.correlationId) headers['x-correlation-id'] = options.correlationId;
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers,
    ...(options.fetch && { fetch: options.fetch }),
  });
}
