import type { Request, RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import {
  ListNotificationsQuery,
  NotificationParams,
  ReportStatusRequest,
  SendNotificationRequest,
  type NotificationType,
} from '@herald/contracts';
import { AppError, createValidator, currentCorrelationId, sendData, sendPage } from '@herald/runtime';
import type { Principal } from '../auth/principal';
import type { GatewayDatabase } from '../database';
import type { StatusRecorder } from '../status/status-recorder';
import { findNotification } from './notifications.repository';
import type { NotificationsService } from './notifications.service';

const parseSend = createValidator(SendNotificationRequest, 'body');
const parseList = createValidator(ListNotificationsQuery, 'query');
const parseParams = createValidator(NotificationParams, 'params');
const parseReport = createValidator(ReportStatusRequest, 'body');

function apiKeyOf(res: { locals: Record<string, unknown> }): string {
  const principal = res.locals.principal as Principal | undefined;
  if (principal?.kind !== 'api_key') throw new AppError('forbidden', 'Notifications are sent with an API key');
  return principal.apiKeyId;
}

const correlationOf = (req: Request) => currentCorrelationId() ?? req.get('x-correlation-id') ?? 'none';

/** The gateway's notification handlers, by operationId. */
export function notificationHandlers(deps: {
  notifications: NotificationsService;
  db: Kysely<GatewayDatabase>;
  recorder: StatusRecorder;
}): Record<string, RequestHandler> {
  const { notifications, db, recorder } = deps;

  function reportStatus(channel: NotificationType): RequestHandler {
    return async (req, res) => {
      const report = parseReport(req.body);
      const row = await findNotification(db, report.notification_id);
      if (!row || row.notification_type !== channel) {
        throw new AppError('not_found', `No ${channel} notification with id ${report.notification_id}`);
      }
      await recorder.record({
        notification_id: report.notification_id,
        status: report.status,
        detail: report.error ?? `reported by the caller: ${report.status}`,
        ...(report.timestamp ? { at: new Date(report.timestamp) } : {}),
      });
      sendData(res, await notifications.get(report.notification_id), 'Status recorded');
    };
  }

  return {
    sendNotification: async (req, res) => {
      const request = parseSend(req.body);
      const { accepted, replayed } = await notifications.accept(apiKeyOf(res), request, correlationOf(req));
      if (replayed) {
        res.setHeader('Idempotent-Replayed', 'true');
        sendData(res, accepted, 'Already accepted: this is the original answer');
        return;
      }
      sendData(res, accepted, 'Notification accepted', 202);
    },
    listNotifications: async (req, res) => {
      const { notifications: page, meta } = await notifications.list(parseList(req.query));
      sendPage(res, page, meta, 'Notifications');
    },
    getNotification: async (req, res) => {
      sendData(res, await notifications.get(parseParams(req.params).id), 'Notification');
    },
    retryNotification: async (req, res) => {
      const notification = await notifications.retry(parseParams(req.params).id, correlationOf(req));
      sendData(res, notification, 'Retry scheduled', 202);
    },
    reportEmailStatus: reportStatus('email'),
    reportPushStatus: reportStatus('push'),
  };
}
