import type { RouteSpec } from '../http/route.types';
import { ApiKeyRoutes } from './api-keys.routes';
import { NotificationRoutes } from './notifications.routes';
import { SystemRoutes } from './system.routes';
import { TemplateRoutes } from './templates.routes';
import { UserRoutes } from './users.routes';
import { WebhookRoutes } from './webhooks.routes';

/** Every public route, keyed by operationId. */
export const Routes = {
  ...SystemRoutes,
  ...NotificationRoutes,
  ...WebhookRoutes,
  ...UserRoutes,
  ...TemplateRoutes,
  ...ApiKeyRoutes,
} as const satisfies Record<string, RouteSpec>;

export type OperationId = keyof typeof Routes;

/** Every public route, in the order the OpenAPI document lists them. */
export const RouteList: readonly RouteSpec[] = Object.freeze(Object.values(Routes));
