import type { ApiKeyScope } from '@herald/contracts';

/** Who is calling: a holder of an API key, or a user with an access token. */
export type Principal =
  | { readonly kind: 'api_key'; readonly apiKeyId: string; readonly scopes: readonly ApiKeyScope[] }
  | { readonly kind: 'user'; readonly userId: string };
