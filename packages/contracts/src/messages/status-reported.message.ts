import { Type, type Static } from '@sinclair/typebox';
import { NotificationType } from '../http/notifications.schema';
import { MessageEnvelope } from './message-envelope.schema';

/**
 * What a worker (or the gateway, for a provider webhook) learned about a notification. `attempt_failed`
 * means a retry is scheduled; `failed`, `delivered`, `skipped`, `bounced` and `complained` are final.
 */
export const DeliveryStatus = Type.Union(
  [
    Type.Literal('queued'),
    Type.Literal('delivered'),
    Type.Literal('failed'),
    Type.Literal('skipped'),
    Type.Literal('bounced'),
    Type.Literal('complained'),
    Type.Literal('attempt_failed'),
  ],
  { $id: 'DeliveryStatus' },
);
export type DeliveryStatus = Static<typeof DeliveryStatus>;

export const NotificationStatusReportedV1 = Type.Object(
  {
    type: Type.Literal('notification.status.reported.v1'),
    ...MessageEnvelope.properties,
    status: DeliveryStatus,
    channel: NotificationType,
    /** The reason for a failure or a skip, in words a caller can act on. */
    detail: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
    provider_message_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    device_id: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { $id: 'NotificationStatusReportedV1', additionalProperties: false },
);
export type NotificationStatusReportedV1 = Static<typeof NotificationStatusReportedV1>;
