import { DataEnvelope, ListEnvelope } from '../http/envelope.schema';
import {
  ListNotificationsQuery,
  Notification,
  NotificationParams,
  SendNotificationAccepted,
  SendNotificationRequest,
} from '../http/notifications.schema';
import type { RouteSpec } from '../http/route.types';

const tag = 'notifications';
const owner = 'api-gateway';

export const NotificationRoutes = {
  sendNotification: {
    operationId: 'sendNotification',
    method: 'post',
    path: '/api/v1/notifications',
    summary: 'Accept a notification for delivery (idempotent on request_id)',
    tag,
    owner,
    auth: 'api_key',
    scope: 'notifications:write',
    body: SendNotificationRequest,
    responses: {
      202: {
        description: 'Accepted: it will be delivered, failed or skipped',
        schema: DataEnvelope(SendNotificationAccepted),
      },
      200: {
        description: 'The same request_id with the same body was accepted before: the original answer',
        schema: DataEnvelope(SendNotificationAccepted),
      },
      404: { description: 'The user does not exist (user_not_found)' },
      422: { description: 'The request_id was used before with a different body (idempotency_key_reused)' },
      429: { description: 'Too many requests (rate_limited)' },
    },
    headers: {
      'Idempotent-Replayed': '`true` when the answer replays an earlier accept of the same request_id',
    },
  },
  listNotifications: {
    operationId: 'listNotifications',
    method: 'get',
    path: '/api/v1/notifications',
    summary: 'List notifications, newest first',
    tag,
    owner,
    auth: 'api_key',
    scope: 'notifications:read',
    query: ListNotificationsQuery,
    responses: { 200: { description: 'A page of notifications', schema: ListEnvelope(Notification) } },
  },
  getNotification: {
    operationId: 'getNotification',
    method: 'get',
    path: '/api/v1/notifications/{id}',
    summary: 'Read one notification and its timeline',
    tag,
    owner,
    auth: 'api_key',
    scope: 'notifications:read',
    params: NotificationParams,
    responses: {
      200: { description: 'The notification', schema: DataEnvelope(Notification) },
      404: { description: 'No such notification' },
    },
  },
  retryNotification: {
    operationId: 'retryNotification',
    method: 'post',
    path: '/api/v1/notifications/{id}/retry',
    summary: 'Send a failed notification again (a new attempt with the same idempotency key)',
    tag,
    owner,
    auth: 'api_key',
    scope: 'notifications:write',
    params: NotificationParams,
    responses: {
      202: { description: 'The notification, pending again', schema: DataEnvelope(Notification) },
      404: { description: 'No such notification' },
      409: { description: 'Only a failed notification can be retried (conflict)' },
    },
  },
} as const satisfies Record<string, RouteSpec>;
