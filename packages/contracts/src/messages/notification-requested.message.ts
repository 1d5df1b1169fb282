import { Type, type Static } from '@sinclair/typebox';
import { JsonObject, NotificationVariables } from '../http/notifications.schema';
import { TemplateCode } from '../http/templates.schema';
import { LanguageTag } from '../http/users.schema';
import { MessageEnvelope } from './message-envelope.schema';

/** What a channel worker needs to deliver one notification; contact details are looked up by user_id. */
const requestedFields = {
  ...MessageEnvelope.properties,
  user_id: Type.String({ format: 'uuid' }),
  template_code: TemplateCode,
  variables: NotificationVariables,
  language: Type.Optional(LanguageTag),
  priority: Type.Integer({ minimum: 1, maximum: 10 }),
  metadata: Type.Optional(JsonObject),
};

export const NotificationEmailRequestedV1 = Type.Object(
  { type: Type.Literal('notification.email.requested.v1'), ...requestedFields },
  { $id: 'NotificationEmailRequestedV1', additionalProperties: false },
);
export type NotificationEmailRequestedV1 = Static<typeof NotificationEmailRequestedV1>;

export const NotificationPushRequestedV1 = Type.Object(
  { type: Type.Literal('notification.push.requested.v1'), ...requestedFields },
  { $id: 'NotificationPushRequestedV1', additionalProperties: false },
);
export type NotificationPushRequestedV1 = Static<typeof NotificationPushRequestedV1>;
