import './formats';

export * from './formats';
export * from './http/envelope.schema';
export * from './http/route.types';
export * from './http/users.schema';
export * from './http/notifications.schema';
export * from './http/templates.schema';
export * from './http/api-keys.schema';
export * from './http/system.schema';
export * from './routes/users.routes';
export * from './routes/notifications.routes';
export * from './routes/webhooks.routes';
export * from './routes/templates.routes';
export * from './routes/api-keys.routes';
export * from './routes/system.routes';
export * from './routes/route-table';
export * from './messages/message-envelope.schema';
export * from './messages/notification-requested.message';
export * from './messages/status-reported.message';
export * from './messages/message-registry';
export * from './topology/retry-policy';
export * from './topology/retry-plan';
export * from './topology/topology.types';
export * from './topology/topology.builder';
export {
  CriticalPriority,
  isCriticalPriority,
  MessageHeaders,
  Publications,
  requestPublication,
  retryPublication,
  routingKeyFor,
  Subscriptions,
  type PublicationName,
  type SubscriptionName,
} from './topology/topology.names';
export * from './openapi/openapi.schemas';
export * from './openapi/openapi.builder';
