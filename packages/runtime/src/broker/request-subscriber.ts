import type { Message } from 'amqplib';
import type { Recovery, SubscriberSessionAsPromised, SubscriptionConfig } from 'rascal';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import {
  MessageHeaders,
  Publications,
  type NotificationRequested,
  type RetryPolicy,
} from '@herald/contracts';
import { withCorrelationId } from '../log/correlation.context';
import type { Broker } from './broker';
import { failureReasonOf } from './delivery-errors';
import {
  outcomeOfError,
  publishDelayed,
  retryPolicyFor,
  settleDelivery,
  type DeliveryOutcome,
  type SettledAs,
} from './delivery-settlement';
import { assertValidMessage, InvalidMessageError } from './message-validation';
import { channelOfType, type DeliveryReport } from './status-report';

export interface DeliveryContext {
  /** Aborts when the attempt's time is up, so a slow dependency cannot hold a shutdown past its deadline. */
  readonly signal: AbortSignal;
}

/** Delivers one request; throws TransientDeliveryError, PermanentDeliveryError or ProviderUnavailableError to say why not. */
export type DeliveryHandler<T extends NotificationRequested> = (
  request: T,
  context: DeliveryContext,
) => Promise<DeliveryReport>;

export interface RequestSubscriberOptions<T extends NotificationRequested> {
  readonly broker: Broker;
  readonly log: Logger;
  /** The rascal subscriptions to consume, e.g. the channel's bulk and critical lanes. */
  readonly subscriptions: readonly string[];
  /** The one message type these subscriptions carry; anything else is sent to failed.queue. */
  readonly messageType: T['type'];
  readonly handle: DeliveryHandler<T>;
  /** Must match the tiers the broker's topology was built with. */
  readonly retryPolicy?: RetryPolicy;
  /** Records a final failure (permanent, or retries used up) in the worker's own store. */
  readonly onFailed?: (request: T, reason: string) => Promise<void>;
  /** Where `herald_deliveries_total` is counted. */
  readonly metrics?: Registry;
  /** How long a request whose outcome could not be published waits before it is requeued. */
  readonly requeueDelayMs?: number;
  /** How long one attempt may take before its signal aborts; under the shutdown deadline, so SIGTERM drains in time. */
  readonly attemptTimeoutMs?: number;
}

export interface RequestSubscription {
  /** Stops intake on every subscription, then waits until every request in flight is settled; idempotent. */
  drain(): Promise<void>;
  /** Requests being handled right now. */
  inFlight(): number;
}

// With promisifyAckOrNack, rascal's ackOrNack resolves once the ack, nack or recovery is done.
type Settle = (error?: Error, recovery?: Recovery | Recovery[]) => Promise<void>;

const deliveriesMetric = 'herald_deliveries_total';

function deliveriesCounter(registry: Registry | undefined): Counter<'channel' | 'outcome'> | undefined {
  if (!registry) return undefined;
  const existing = registry.getSingleMetric(deliveriesMetric);
  if (existing) return existing as Counter<'channel' | 'outcome'>;
  return new Counter({
    name: deliveriesMetric,
    help: 'Delivery requests settled, by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
}

/**
 * Consumes delivery requests: validates each, runs the handler under the request's correlation id, and settles
 * the outcome (status event, retry tier, parking or failed.queue) before it acks. A message that cannot be
 * read is forwarded to failed.queue with the reason in `herald-failure-reason`, and intake goes on.
 */
export async function subscribeToRequests<T extends NotificationRequested>(
  options: RequestSubscriberOptions<T>,
): Promise<RequestSubscription> {
  const { broker, log, messageType, handle } = options;
  const policy = options.retryPolicy ?? retryPolicyFor();
  const requeueDelayMs = options.requeueDelayMs ?? 1_000;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 7_000;
  const channel = channelOfType(messageType);
  const counter = deliveriesCounter(options.metrics);
  const settlement = {
    broker,
    log,
    policy,
    onFailed: options.onFailed as
      ((request: NotificationRequested, reason: string) => Promise<void>) | undefined,
  };
  const inFlight = new Set<Promise<void>>();
  const sessions: SubscriberSessionAsPromised[] = [];
  let draining: Promise<void> | undefined;

  function track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => log.error({ err: error }, 'delivery request handling failed'))
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }

  function parseRequest(content: unknown): T {
    const message = assertValidMessage(content);
    if (message.type !== messageType)
      throw new InvalidMessageError(`expected ${messageType}, got ${message.type}`);
    return message as T;
  }

  // Unreadable messages cannot be republished through Broker.publish (it validates), so rascal forwards the raw bytes.
  async function sendToFailed(settle: Settle, subscription: string, reason: string): Promise<void> {
    counter?.inc({ channel, outcome: 'invalid' });
    log.warn({ subscription, reason }, 'message sent to failed.queue unhandled');
    const headers = { [MessageHeaders.failureReason]: reason.slice(0, 1_000) };
    await settle(new Error(reason), {
      strategy: 'forward',
      publication: Publications.failed,
      options: { options: { headers } },
    });
  }

  async function outcomeFor(request: T, message: Message): Promise<DeliveryOutcome | 'not-yet'> {
    const notBefore = Number(message.properties.headers?.[MessageHeaders.notBefore]);
    if (Number.isFinite(notBefore) && notBefore > Date.now()) {
      await publishDelayed(broker, policy, request, {
        waitMs: notBefore - Date.now(),
        attempt: request.attempt,
        notBefore,
      });
      return 'not-yet';
    }
    // A controller and a timer cleared when the attempt ends: AbortSignal.timeout costs a transferable signal
    // and keeps its timer for the full deadline, for every message.
    const attempt = new AbortController();
    const deadline = setTimeout(
      () => attempt.abort(new DOMException(`the attempt took over ${attemptTimeoutMs} ms`, 'TimeoutError')),
      attemptTimeoutMs,
    );
    try {
      return { kind: 'reported', report: await handle(request, { signal: attempt.signal }) };
    } catch (error) {
      return outcomeOfError(error);
    } finally {
      clearTimeout(deadline);
    }
  }

  async function consume(
    message: Message,
    content: unknown,
    settle: Settle,
    subscription: string,
  ): Promise<void> {
    let request: T;
    try {
      request = parseRequest(content);
    } catch (error) {
      await sendToFailed(settle, subscription, `invalid message: ${failureReasonOf(error)}`);
      return;
    }
    await withCorrelationId(request.correlation_id, async () => {
      const context = { notification_id: request.notification_id, attempt: request.attempt };
      try {
        const outcome = await outcomeFor(request, message);
        const settled: SettledAs | 'waiting' =
          outcome === 'not-yet' ? 'waiting' : await settleDelivery(settlement, request, outcome);
        const reason = outcome !== 'not-yet' && outcome.kind !== 'reported' ? outcome.reason : undefined;
        if (settled === 'waiting') log.debug(context, 'delivery request not due yet: parked again');
        else {
          counter?.inc({ channel, outcome: settled });
          log.info({ ...context, outcome: settled, reason }, 'delivery request settled');
        }
      } catch (error) {
        // The outcome is not on the broker, so the request must not be acked: it comes back after a pause.
        log.error({ ...context, err: error }, 'could not publish the outcome; requeueing the request');
        await settle(error as Error, { strategy: 'nack', requeue: true, defer: requeueDelayMs });
        return;
      }
      await settle();
    });
  }

  for (const name of options.subscriptions) {
    const session = await broker.rascal.subscribe(name, { promisifyAckOrNack: true } as SubscriptionConfig);
    sessions.push(session);
    session.on('message', (message: Message, content: unknown, settle) => {
      track(consume(message, content, settle as unknown as Settle, name));
    });
    session.on('invalid_content', (error: Error, _message: Message, settle) => {
      track(sendToFailed(settle as unknown as Settle, name, `invalid content: ${error.message}`));
    });
    session.on('redeliveries_exceeded', (error: Error, _message: Message, settle) => {
      track(sendToFailed(settle as unknown as Settle, name, `redelivered too often: ${error.message}`));
    });
    session.on('error', (error: Error) => log.warn({ err: error, subscription: name }, 'subscription error'));
  }

  return {
    drain() {
      draining ??= (async () => {
        const cancelled = await Promise.allSettled(sessions.map((session) => session.cancel()));
        for (const result of cancelled) {
          if (result.status === 'rejected')
            log.warn({ err: result.reason }, 'could not cancel a subscription');
        }
        await Promise.allSettled([...inFlight]);
      })();
      return draining;
    },
    inFlight: () => inFlight.size,
  };
}
