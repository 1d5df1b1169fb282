import { DataEnvelope } from '../http/envelope.schema';
import {
  Notification,
  ReportStatusRequest,
  ResendWebhookEvent,
  WebhookReceipt,
} from '../http/notifications.schema';
import type { RouteSpec } from '../http/route.types';

const tag = 'status';
const owner = 'api-gateway';

export const WebhookRoutes = {
  reportEmailStatus: {
    operationId: 'reportEmailStatus',
    method: 'post',
    path: '/api/v1/email/status',
    summary: 'Record a status reported from outside Herald for an email notification',
    tag,
    owner,
    auth: 'api_key',
    scope: 'notifications:write',
    body: ReportStatusRequest,
    responses: {
      200: { description: 'The notification with the status recorded', schema: DataEnvelope(Notification) },
      404: { description: 'No such email notification' },
    },
  },
  reportPushStatus: {
    operationId: 'reportPushStatus',
    method: 'post',
    path: '/api/v1/push/status',
    summary: 'Record a status reported from outside Herald for a push notification',
    tag,
    owner,
    auth: 'api_key',
    scope: 'notifications:write',
    body: ReportStatusRequest,
    responses: {
      200: { description: 'The notification with the status recorded', schema: DataEnvelope(Notification) },
      404: { description: 'No such push notification' },
    },
  },
  receiveResendWebhook: {
    operationId: 'receiveResendWebhook',
    method: 'post',
    path: '/api/v1/webhooks/resend',
    summary: "Receive Resend's signed delivery events (Svix headers)",
    tag: 'webhooks',
    owner,
    auth: 'webhook_signature',
    body: ResendWebhookEvent,
    responses: {
      200: {
        description: 'The event was verified and recorded (or ignored)',
        schema: DataEnvelope(WebhookReceipt),
      },
      401: { description: 'The Svix signature is missing, wrong or too old' },
    },
  },
} as const satisfies Record<string, RouteSpec>;
