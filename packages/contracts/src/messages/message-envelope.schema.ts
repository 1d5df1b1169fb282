import { Type, type Static } from '@sinclair/typebox';

/**
 * The fields every message carries besides its `type`. `attempt` counts deliveries tried, from 1;
 * a retry republishes the message with `attempt + 1` and a new `message_id`.
 */
export const MessageEnvelope = Type.Object(
  {
    message_id: Type.String({ format: 'uuid' }),
    notification_id: Type.String({ format: 'uuid' }),
    request_id: Type.String({ minLength: 1, maxLength: 255 }),
    correlation_id: Type.String({ minLength: 1, maxLength: 255 }),
    attempt: Type.Integer({ minimum: 1 }),
    occurred_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type MessageEnvelope = Static<typeof MessageEnvelope>;
