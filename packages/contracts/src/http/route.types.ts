import type { TSchema } from '@sinclair/typebox';
import type { ApiKeyScope } from './api-keys.schema';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route: nobody in particular, an API key, or an API key or the user the path names
 * (a user's access token reaches only its own `{id}`).
 */
export type RouteAuth = 'none' | 'api_key' | 'api_key_or_self' | 'self' | 'webhook_signature';

/** The service that answers a route; the gateway answers its own and forwards the rest to their owner. */
export type RouteOwner = 'api-gateway' | 'user-service' | 'template-service';

export interface RouteResponse {
  readonly description: string;
  readonly schema?: TSchema;
  /** `application/json` unless said otherwise (`/metrics` is text, `/docs` is HTML). */
  readonly contentType?: string;
}

export interface RouteSpec {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** OpenAPI-style path: `/api/v1/users/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly auth: RouteAuth;
  /** The scope an API key needs for this route (the `admin` scope grants every scope). */
  readonly scope?: ApiKeyScope;
  readonly owner: RouteOwner;
  readonly params?: TSchema;
  readonly query?: TSchema;
  readonly body?: TSchema;
  /** The body schema of every answer a client can expect besides the standard error envelope. */
  readonly responses: Readonly<Record<number, RouteResponse>>;
  /** Extra response headers worth documenting, e.g. `Idempotent-Replayed`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** `/api/v1/users/{id}` becomes `/api/v1/users/:id`. */
export function toExpressPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}
