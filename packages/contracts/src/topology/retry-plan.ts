import type { NotificationRequested } from '../messages/message-registry';
import { MessageTypes } from '../messages/message-registry';
import { backoffDelayMs, canRetry, retryTierMs, RetryPolicy } from './retry-policy';
import { retryPublication, routingKeyFor } from './topology.names';

/** How to republish a request whose attempt failed transiently. */
export interface RetryPlan {
  /** The retry publication of the chosen tier. */
  readonly publication: string;
  /** The routing key to publish with, so the message comes back to the lane it left. */
  readonly routingKey: string;
  /** The per-message `expiration` to publish with: the jittered delay, never more than the tier's TTL. */
  readonly delayMs: number;
  /** The `attempt` the republished message carries. */
  readonly nextAttempt: number;
}

export interface RetryPlanOptions {
  readonly random?: () => number;
  /** Must be the policy the topology was built with. */
  readonly policy?: RetryPolicy;
  /** A delay the provider asked for (429 `retry-after`): the plan picks a tier at least this long, if one is. */
  readonly minDelayMs?: number;
}

/** Plans the retry of a failed delivery attempt, or answers null when the attempts are used up. */
export function planRetry(message: NotificationRequested, options: RetryPlanOptions = {}): RetryPlan | null {
  const { random = Math.random, policy = RetryPolicy, minDelayMs = 0 } = options;
  if (!canRetry(message.attempt, policy)) return null;
  const channel = message.type === MessageTypes.emailRequested ? 'email' : 'push';
  const tierMs = retryTierMs(message.attempt, policy);
  const longEnough = policy.delayTiersMs.find((tier) => tier >= Math.max(tierMs, minDelayMs));
  const chosenMs = longEnough ?? retryTierMs(policy.delayTiersMs.length, policy);
  const jittered = backoffDelayMs(message.attempt, random, policy) * (chosenMs / tierMs);
  return {
    publication: retryPublication(channel, chosenMs),
    routingKey: routingKeyFor(message.type, message.priority),
    delayMs: Math.min(chosenMs, Math.max(Math.round(jittered), Math.min(minDelayMs, chosenMs))),
    nextAttempt: message.attempt + 1,
  };
}
