import { randomUUID } from 'node:crypto';
import {
  MessageHeaders,
  planRetry,
  Publications,
  RetryPolicy,
  retryPublication,
  routingKeyFor,
  type NotificationRequested,
} from '@herald/contracts';
import type { Logger } from 'pino';
import type { Broker } from './broker';
import {
  failureReasonOf,
  PermanentDeliveryError,
  ProviderUnavailableError,
  TransientDeliveryError,
} from './delivery-errors';
import { channelOf, statusReportFor, type DeliveryReport } from './status-report';

const maxReasonLength = 1_000;

/** What became of one delivery attempt, decided by what the handler returned or threw. */
export type DeliveryOutcome =
  | { readonly kind: 'reported'; readonly report: DeliveryReport }
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs: number | undefined }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'parked'; readonly reason: string; readonly parkForMs: number };

/** Classifies a handler's error: anything not known to be permanent is retried, as BullMQ does. */
export function outcomeOfError(error: unknown): DeliveryOutcome {
  if (error instanceof PermanentDeliveryError) return { kind: 'failed', reason: failureReasonOf(error) };
  if (error instanceof ProviderUnavailableError) {
    return { kind: 'parked', reason: failureReasonOf(error), parkForMs: error.parkForMs };
  }
  const retryAfterMs = error instanceof TransientDeliveryError ? error.retryAfterMs : undefined;
  return { kind: 'retry', reason: failureReasonOf(error), retryAfterMs };
}

export interface SettlementDeps {
  readonly broker: Broker;
  readonly log: Logger;
  readonly policy: RetryPolicy;
  /** Records a final failure in the worker's own store before it is reported; a failure here is only logged. */
  readonly onFailed?: ((request: NotificationRequested, reason: string) => Promise<void>) | undefined;
}

/** The result of settling an outcome, for metrics and logs. */
export type SettledAs = 'delivered' | 'skipped' | 'retried' | 'failed' | 'parked';

/**
 * Publishes a copy of `request` into the delay tier that holds it at least `waitMs` (or the longest tier),
 * stamped with the time it may be tried again; `attempt` is what the copy carries.
 */
export async function publishDelayed(
  broker: Broker,
  policy: RetryPolicy,
  request: NotificationRequested,
  options: { waitMs: number; attempt: number; notBefore?: number },
): Promise<void> {
  const tiers = policy.delayTiersMs;
  const tierMs = tiers.find((tier) => tier >= options.waitMs) ?? tiers[tiers.length - 1] ?? options.waitMs;
  const copy = {
    ...request,
    attempt: options.attempt,
    message_id: randomUUID(),
    occurred_at: new Date().toISOString(),
  };
  await broker.publish(retryPublication(channelOf(request), tierMs), copy, {
    routingKey: routingKeyFor(request.type, request.priority),
    expirationMs: Math.max(1, Math.min(tierMs, options.waitMs)),
    headers: { [MessageHeaders.notBefore]: options.notBefore ?? Date.now() + options.waitMs },
  });
}

async function fail(
  deps: SettlementDeps,
  request: NotificationRequested,
  reason: string,
): Promise<SettledAs> {
  const { broker } = deps;
  await deps.onFailed?.(request, reason).catch((error: unknown) => {
    deps.log.warn({ err: error, notification_id: request.notification_id }, 'could not record the failure');
  });
  await broker.publish(Publications.statusReported, statusReportFor(request, 'failed', { detail: reason }));
  await broker.publish(Publications.failed, request, {
    routingKey: routingKeyFor(request.type, request.priority),
    headers: { [MessageHeaders.failureReason]: reason.slice(0, maxReasonLength) },
  });
  return 'failed';
}

/**
 * Publishes what an outcome calls for, each publish confirmed, so the caller may ack once this resolves. The
 * status event goes first: if a later publish fails the request is redelivered, and a repeated status event is
 * harmless where a repeated retry would start a second chain.
 */
export async function settleDelivery(
  deps: SettlementDeps,
  request: NotificationRequested,
  outcome: DeliveryOutcome,
): Promise<SettledAs> {
  const { broker, policy } = deps;
  switch (outcome.kind) {
    case 'reported': {
      const { status, ...fields } = outcome.report;
      await broker.publish(Publications.statusReported, statusReportFor(request, status, fields));
      return status;
    }
    case 'failed':
      return fail(deps, request, outcome.reason);
    case 'parked': {
      const waitMs = Math.max(outcome.parkForMs, policy.delayTiersMs[0] ?? 0);
      await publishDelayed(broker, policy, request, { waitMs, attempt: request.attempt });
      return 'parked';
    }
    case 'retry': {
      const plan = planRetry(request, { policy, minDelayMs: outcome.retryAfterMs ?? 0 });
      if (!plan) return fail(deps, request, `gave up after ${request.attempt} attempts: ${outcome.reason}`);
      await broker.publish(
        Publications.statusReported,
        statusReportFor(request, 'attempt_failed', { detail: outcome.reason }),
      );
      const notBefore = Date.now() + Math.max(plan.delayMs, outcome.retryAfterMs ?? 0);
      const copy = {
        ...request,
        attempt: plan.nextAttempt,
        message_id: randomUUID(),
        occurred_at: new Date().toISOString(),
      };
      await broker.publish(plan.publication, copy, {
        routingKey: plan.routingKey,
        expirationMs: plan.delayMs,
        headers: { [MessageHeaders.notBefore]: notBefore },
      });
      return 'retried';
    }
  }
}

/** The retry policy that matches a topology built with `delayTiersMs` (tests pass short tiers). */
export function retryPolicyFor(delayTiersMs?: readonly number[]): RetryPolicy {
  return delayTiersMs ? { ...RetryPolicy, delayTiersMs } : RetryPolicy;
}
