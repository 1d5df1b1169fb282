import type { Logger } from 'pino';
import type { AckOrNack } from 'rascal';
import { MessageTypes, Subscriptions, type NotificationStatusReportedV1 } from '@herald/contracts';
import {
  assertValidMessage,
  createBatcher,
  InvalidMessageError,
  withCorrelationId,
  type Broker,
} from '@herald/runtime';
import type { StatusRecorder, StatusReport } from './status-recorder';

export interface StatusConsumer {
  /** Stops taking messages and waits for those in hand; idempotent. */
  stop(): Promise<void>;
}

/** Keeps the status store current from the workers' `notification.status.reported.v1` messages. */
export async function startStatusConsumer(deps: {
  recorder: StatusRecorder;
  broker: Broker;
  log: Logger;
}): Promise<StatusConsumer> {
  const { recorder, broker, log } = deps;
  const inFlight = new Set<Promise<void>>();
  // The messages of one delivery from the broker are recorded together: one statement, one commit for them all.
  const statusBatch = createBatcher<StatusReport & { message_id: string; at: Date }, boolean>({
    maxBatchSize: 500,
    run: (reports) => recorder.recordMany(reports),
  });
  const subscription = await broker.rascal.subscribe(Subscriptions.statusReports);

  async function handle(content: unknown, ackOrNack: AckOrNack): Promise<void> {
    let report: NotificationStatusReportedV1;
    try {
      const message = assertValidMessage(content);
      if (message.type !== MessageTypes.statusReported) throw new InvalidMessageError(`unexpected ${message.type}`);
      report = message;
    } catch (error) {
      log.warn({ err: error }, 'invalid status message sent to failed.queue');
      ackOrNack(error as Error);
      return;
    }
    await withCorrelationId(report.correlation_id, async () => {
      try {
        const recorded = await statusBatch.add({
          notification_id: report.notification_id,
          status: report.status,
          detail: report.detail,
          attempt: report.attempt,
          provider_message_id: report.provider_message_id,
          message_id: report.message_id,
          at: new Date(report.occurred_at),
        });
        if (!recorded) log.debug({ notification_id: report.notification_id }, 'status already recorded or unknown');
        ackOrNack();
      } catch (error) {
        // The database is the trouble, not the message: try it again shortly.
        log.warn({ err: error }, 'status not recorded; redelivering');
        ackOrNack(error as Error, { strategy: 'nack', defer: 1_000, requeue: true });
      }
    });
  }

  subscription.on('message', (_message, content, ackOrNack) => {
    const work = handle(content, ackOrNack).finally(() => inFlight.delete(work));
    inFlight.add(work);
  });
  subscription.on('invalid_content', (error, _message, ackOrNack) => {
    log.warn({ err: error }, 'unreadable status message sent to failed.queue');
    ackOrNack(error);
  });
  subscription.on('redeliveries_exceeded', (error, _message, ackOrNack) => {
    log.error({ err: error }, 'status message redelivered too often: sent to failed.queue');
    ackOrNack(error);
  });
  subscription.on('error', (error: Error) => log.warn({ err: error }, 'status subscription error'));

  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        await subscription.cancel();
        await Promise.allSettled([...inFlight]);
      })();
      return stopping;
    },
  };
}
