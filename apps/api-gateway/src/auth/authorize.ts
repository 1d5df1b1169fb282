import type { RouteSpec } from '@herald/contracts';
import { AppError } from '@herald/runtime';
import type { Principal } from './principal';

const missingCredential = () =>
  new AppError('unauthorized', 'Send an API key in x-api-key or Authorization: Bearer, or a user access token');

function requireScope(route: RouteSpec, principal: Extract<Principal, { kind: 'api_key' }>): void {
  if (!route.scope || principal.scopes.includes('admin') || principal.scopes.includes(route.scope)) return;
  throw new AppError('forbidden', `This API key lacks the ${route.scope} scope`);
}

/** Decides whether `principal` may call `route`; the user a path names is `params.id`. */
export function authorize(route: RouteSpec, principal: Principal | undefined, params: Record<string, string>): void {
  switch (route.auth) {
    case 'none':
    case 'webhook_signature':
      return;
    case 'api_key':
      if (!principal) throw missingCredential();
      if (principal.kind !== 'api_key') throw new AppError('forbidden', 'This route needs an API key, not a user token');
      requireScope(route, principal);
      return;
    case 'api_key_or_self':
    case 'self':
      if (!principal) throw missingCredential();
      if (principal.kind === 'user') {
        if (params.id !== principal.userId) throw new AppError('forbidden', "A user token reaches only its own user");
        return;
      }
      if (route.auth === 'self') throw new AppError('forbidden', 'This route needs a user access token');
      requireScope(route, principal);
      return;
  }
}
