import type { Express, Request, RequestHandler } from 'express';
import { toExpressPath, type RouteOwner, type RouteSpec } from '@herald/contracts';
import { AppError } from '@herald/runtime';
import { authorize } from '../auth/authorize';
import type { Principal } from '../auth/principal';

export interface RouteTableOptions {
  readonly routes: readonly RouteSpec[];
  /** The gateway's own handlers, by operationId. */
  readonly handlers: Readonly<Record<string, RequestHandler>>;
  /** A forwarder per service the gateway proxies to. */
  readonly forwarders: Readonly<Partial<Record<RouteOwner, RequestHandler>>>;
  readonly authenticate: (req: Request) => Promise<Principal | undefined>;
  /** Middleware run after authorisation on particular routes (the accept's rate limit), by operationId. */
  readonly guards?: Readonly<Record<string, RequestHandler>>;
  /** Routes served by the shared app factory (health, readiness, metrics). */
  readonly servedElsewhere: ReadonlySet<string>;
}

function notImplemented(route: RouteSpec): RequestHandler {
  return () => {
    throw new AppError('not_implemented', `${route.method.toUpperCase()} ${route.path} is not built yet`);
  };
}

/** Mounts every route of the contracts' table: authenticate, authorise, then answer or forward to the owner. */
export function mountRouteTable(app: Express, options: RouteTableOptions): void {
  for (const route of options.routes) {
    if (options.servedElsewhere.has(route.operationId)) continue;
    const handler =
      route.owner === 'api-gateway' ? options.handlers[route.operationId] : options.forwarders[route.owner];
    const guard: RequestHandler = async (req, res, next) => {
      const principal = await options.authenticate(req);
      authorize(route, principal, req.params as Record<string, string>);
      res.locals.principal = principal;
      next();
    };
    const extra = options.guards?.[route.operationId];
    app[route.method](toExpressPath(route.path), guard, ...(extra ? [extra] : []), handler ?? notImplemented(route));
  }
}
