import type { NotificationType } from '../http/notifications.schema';
import { MessageTypes, type MessageType } from '../messages/message-registry';
import { delayLabel } from './retry-policy';

/*
 * The only place queue and exchange names are written. Code outside the topology uses Publications and
 * Subscriptions (rascal names), never these.
 */
export const Exchanges = Object.freeze({
  /** Work and status messages, routed by message type. */
  notifications: 'notifications.direct',
  /** Retries: a headers exchange that routes on RetryTierHeader, so the routing key survives the delay. */
  retry: 'notifications.retry',
  /** Dead letters and permanent failures, all bound to failed.queue. */
  dead: 'notifications.dead',
});

export const Queues = Object.freeze({
  email: 'email.queue',
  emailCritical: 'email.critical.queue',
  push: 'push.queue',
  pushCritical: 'push.critical.queue',
  status: 'status.queue',
  failed: 'failed.queue',
});

/** The delay queue of one backoff tier of one channel: `email.retry.1s.queue`. */
export function retryQueueName(channel: NotificationType, tierMs: number): string {
  return `${channel}.retry.${delayLabel(tierMs)}.queue`;
}

/** The rascal publication names; `broker.publish(Publications.emailRequested, message)`. */
export const Publications = Object.freeze({
  emailRequested: 'emailRequested',
  emailRequestedCritical: 'emailRequestedCritical',
  pushRequested: 'pushRequested',
  pushRequestedCritical: 'pushRequestedCritical',
  statusReported: 'statusReported',
  /** A permanent failure or exhausted retries, with FailureReasonHeader set. */
  failed: 'failed',
});
export type PublicationName = (typeof Publications)[keyof typeof Publications];

/** The rascal subscription names; `broker.subscribe(Subscriptions.emailRequests)`. */
export const Subscriptions = Object.freeze({
  emailRequests: 'emailRequests',
  emailCriticalRequests: 'emailCriticalRequests',
  pushRequests: 'pushRequests',
  pushCriticalRequests: 'pushCriticalRequests',
  statusReports: 'statusReports',
  failedMessages: 'failedMessages',
});
export type SubscriptionName = (typeof Subscriptions)[keyof typeof Subscriptions];

/** Message headers that carry meaning between services. */
export const MessageHeaders = Object.freeze({
  /** Why a message was sent to failed.queue, in words. */
  failureReason: 'herald-failure-reason',
  /** Which delay queue a retry goes to (`email.1s`); set by the retry publications, never by hand. */
  retryTier: 'herald-retry-tier',
  /**
   * Epoch ms before which a delayed copy must not be worked on: a wait longer than the longest delay tier
   * (a long retry-after, an open circuit) comes back early and is parked again until then.
   */
  notBefore: 'herald-not-before',
});

/** Priorities from this one up travel on the critical lane, so bulk sends never starve a password reset. */
export const CriticalPriority = 9;

/** Whether a priority travels on the critical lane. */
export function isCriticalPriority(priority: number): boolean {
  return priority >= CriticalPriority;
}

/**
 * The routing key of a message: its type name, with `.critical` appended for the critical lane of a
 * requested notification. The AMQP `type` property is always the bare type name.
 */
export function routingKeyFor(type: MessageType, priority?: number): string {
  const critical =
    type !== MessageTypes.statusReported && priority !== undefined && isCriticalPriority(priority);
  return critical ? `${type}.critical` : type;
}

/** The publication that starts delivery of a notification on its channel and lane. */
export function requestPublication(channel: NotificationType, priority: number): PublicationName {
  const critical = isCriticalPriority(priority);
  if (channel === 'email')
    return critical ? Publications.emailRequestedCritical : Publications.emailRequested;
  return critical ? Publications.pushRequestedCritical : Publications.pushRequested;
}

/** The publication of one retry tier of a channel: `emailRetry1s`. */
export function retryPublication(channel: NotificationType, tierMs: number): string {
  return `${channel}Retry${delayLabel(tierMs)}`;
}
