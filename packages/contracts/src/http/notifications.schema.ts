import { Type, type Static } from '@sinclair/typebox';
import { PageQuery } from './envelope.schema';
import { TemplateCode } from './templates.schema';
import { LanguageTag } from './users.schema';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const NullableString = Type.Union([Type.String(), Type.Null()]);

/** A free-form JSON object. */
export const JsonObject = Type.Record(Type.String(), Type.Unknown());
export type JsonObject = Static<typeof JsonObject>;

export const NotificationType = Type.Union([Type.Literal('email'), Type.Literal('push')], {
  $id: 'NotificationType',
});
export type NotificationType = Static<typeof NotificationType>;

/** A notification's state as callers see it; every accepted notification ends delivered, failed or skipped. */
export const NotificationStatus = Type.Union(
  [Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('skipped')],
  { $id: 'NotificationStatus' },
);
export type NotificationStatus = Static<typeof NotificationStatus>;

/** The values a template is rendered with: a few well-known keys, and any others the template names. */
export const NotificationVariables = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    link: Type.Optional(Type.String({ format: 'uri', maxLength: 2048 })),
    meta: Type.Optional(JsonObject),
  },
  { $id: 'NotificationVariables', additionalProperties: true },
);
export type NotificationVariables = Static<typeof NotificationVariables> & { [key: string]: unknown };

export const SendNotificationRequest = Type.Object(
  {
    notification_type: NotificationType,
    user_id: Uuid,
    template_code: TemplateCode,
    variables: NotificationVariables,
    request_id: Type.String({ minLength: 1, maxLength: 255 }),
    /** 9 and 10 travel on the critical lane. */
    priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 5 })),
    language: Type.Optional(LanguageTag),
    metadata: Type.Optional(JsonObject),
  },
  { $id: 'SendNotificationRequest', additionalProperties: false },
);
export type SendNotificationRequest = Static<typeof SendNotificationRequest>;

export const SendNotificationAccepted = Type.Object(
  { notification_id: Uuid, request_id: Type.String(), status: Type.Literal('pending') },
  { $id: 'SendNotificationAccepted', additionalProperties: false },
);
export type SendNotificationAccepted = Static<typeof SendNotificationAccepted>;

/** The kinds of step a notification's timeline records; `detail` carries the reason or the attempt number. */
export const TimelineStatus = Type.Union(
  [
    Type.Literal('accepted'),
    Type.Literal('queued'),
    Type.Literal('pending'),
    Type.Literal('attempt_failed'),
    Type.Literal('retry_requested'),
    Type.Literal('delivered'),
    Type.Literal('bounced'),
    Type.Literal('complained'),
    Type.Literal('failed'),
    Type.Literal('skipped'),
  ],
  { $id: 'TimelineStatus' },
);
export type TimelineStatus = Static<typeof TimelineStatus>;

/** One step of a notification's life: accepted, queued, attempt N failed, delivered, bounced, skipped... */
export const TimelineEntry = Type.Object(
  { status: TimelineStatus, at: Timestamp, detail: NullableString },
  { $id: 'TimelineEntry', additionalProperties: false },
);
export type TimelineEntry = Static<typeof TimelineEntry>;

export const Notification = Type.Object(
  {
    notification_id: Uuid,
    request_id: Type.String(),
    user_id: Uuid,
    notification_type: NotificationType,
    template_code: Type.String(),
    status: NotificationStatus,
    priority: Type.Integer({ minimum: 1, maximum: 10 }),
    attempts: Type.Integer({ minimum: 0 }),
    error: NullableString,
    created_at: Timestamp,
    updated_at: Timestamp,
    timeline: Type.Array(TimelineEntry),
  },
  { $id: 'Notification', additionalProperties: false },
);
export type Notification = Static<typeof Notification>;

export const NotificationParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export type NotificationParams = Static<typeof NotificationParams>;

export const ListNotificationsQuery = Type.Composite(
  [
    PageQuery,
    Type.Object({
      user_id: Type.Optional(Uuid),
      status: Type.Optional(NotificationStatus),
      notification_type: Type.Optional(NotificationType),
    }),
  ],
  { additionalProperties: false },
);
export type ListNotificationsQuery = Static<typeof ListNotificationsQuery>;

/** A status a caller reports for a notification through `POST /api/v1/{email,push}/status`. */
export const ReportStatusRequest = Type.Object(
  {
    notification_id: Uuid,
    status: Type.Union([Type.Literal('delivered'), Type.Literal('pending'), Type.Literal('failed')]),
    timestamp: Type.Optional(Timestamp),
    error: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { $id: 'ReportStatusRequest', additionalProperties: false },
);
export type ReportStatusRequest = Static<typeof ReportStatusRequest>;

/** The body of a Resend webhook (delivered through Svix): only the fields Herald reads are pinned down. */
export const ResendWebhookEvent = Type.Object(
  {
    /** `email.delivered`, `email.bounced`, `email.complained`, or any other event Resend adds. */
    type: Type.String({ minLength: 1, maxLength: 100 }),
    created_at: Type.String({ minLength: 1 }),
    data: Type.Object(
      {
        email_id: Type.String({ minLength: 1, maxLength: 255 }),
        created_at: Type.Optional(Type.String()),
        from: Type.Optional(Type.String()),
        to: Type.Optional(Type.Array(Type.String())),
        subject: Type.Optional(Type.String()),
        // Resend has sent tags both as an array of { name, value } and as an object.
        tags: Type.Optional(
          Type.Union([Type.Array(Type.Object({ name: Type.String(), value: Type.String() })), JsonObject]),
        ),
        headers: Type.Optional(Type.Array(Type.Object({ name: Type.String(), value: Type.String() }))),
        bounce: Type.Optional(JsonObject),
      },
      { additionalProperties: true },
    ),
  },
  { $id: 'ResendWebhookEvent', additionalProperties: true },
);
export type ResendWebhookEvent = Static<typeof ResendWebhookEvent>;

/** What Herald did with a provider's webhook: which notification it concerned, if any. */
export const WebhookReceipt = Type.Object(
  { event_type: Type.String(), notification_id: Type.Union([Uuid, Type.Null()]), handled: Type.Boolean() },
  { $id: 'WebhookReceipt', additionalProperties: false },
);
export type WebhookReceipt = Static<typeof WebhookReceipt>;
