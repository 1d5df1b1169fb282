import { randomUUID } from 'node:crypto';
import {
  MessageTypes,
  type DeliveryStatus,
  type NotificationRequested,
  type NotificationStatusReportedV1,
  type NotificationType,
} from '@herald/contracts';

/** What a delivery handler reports when it is done with a request: delivered, or skipped with the reason. */
export interface DeliveryReport {
  readonly status: Extract<DeliveryStatus, 'delivered' | 'skipped'>;
  readonly detail?: string | null;
  readonly provider_message_id?: string;
  readonly device_id?: string;
}

const maxDetailLength = 2_000;

/** The channel a request type is delivered on. */
export function channelOfType(type: NotificationRequested['type']): NotificationType {
  return type === MessageTypes.emailRequested ? 'email' : 'push';
}

/** The channel a request is delivered on, read from its message type. */
export function channelOf(request: NotificationRequested): NotificationType {
  return channelOfType(request.type);
}

/** The status event that tells the gateway what became of one attempt at `request`. */
export function statusReportFor(
  request: NotificationRequested,
  status: DeliveryStatus,
  fields: Omit<DeliveryReport, 'status'> = {},
): NotificationStatusReportedV1 {
  const detail = fields.detail ?? null;
  return {
    type: MessageTypes.statusReported,
    message_id: randomUUID(),
    notification_id: request.notification_id,
    request_id: request.request_id,
    correlation_id: request.correlation_id,
    attempt: request.attempt,
    occurred_at: new Date().toISOString(),
    status,
    channel: channelOf(request),
    detail: detail === null ? null : detail.slice(0, maxDetailLength),
    ...(fields.provider_message_id !== undefined ? { provider_message_id: fields.provider_message_id } : {}),
    ...(fields.device_id !== undefined ? { device_id: fields.device_id } : {}),
  };
}
