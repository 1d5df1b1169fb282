import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { NotificationEmailRequestedV1, NotificationPushRequestedV1 } from './notification-requested.message';
import { NotificationStatusReportedV1 } from './status-reported.message';

/** Every message type: its name is also its routing key and its AMQP `type` property. */
export const MessageType = Type.Union(
  [
    Type.Literal('notification.email.requested.v1'),
    Type.Literal('notification.push.requested.v1'),
    Type.Literal('notification.status.reported.v1'),
  ],
  { $id: 'MessageType' },
);
export type MessageType = Static<typeof MessageType>;

/** The message type names by role, so code never spells one. */
export const MessageTypes = Object.freeze({
  emailRequested: 'notification.email.requested.v1',
  pushRequested: 'notification.push.requested.v1',
  statusReported: 'notification.status.reported.v1',
} as const satisfies Record<string, MessageType>);

/** The schema of each message type, to validate a message when it is published and when it is consumed. */
export const MessageSchemas = Object.freeze({
  'notification.email.requested.v1': NotificationEmailRequestedV1,
  'notification.push.requested.v1': NotificationPushRequestedV1,
  'notification.status.reported.v1': NotificationStatusReportedV1,
} as const satisfies Record<MessageType, TSchema>);

/** The message of a given type. */
export type MessageOf<T extends MessageType> = Static<(typeof MessageSchemas)[T]>;

/** Any Herald message. */
export type HeraldMessage = MessageOf<MessageType>;

/** A message asking a channel worker to deliver a notification. */
export type NotificationRequested = NotificationEmailRequestedV1 | NotificationPushRequestedV1;
