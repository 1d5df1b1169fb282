import type { LocalTemplateRenderer } from '@herald/templating';
import type { UserDirectory } from '@herald/runtime';
import type { Kysely } from 'kysely';
import { canRetry, type NotificationPushRequestedV1, type RetryPolicy } from '@herald/contracts';
import type { DeliveryHandler, DeliveryReport } from '@herald/runtime';
import type { PushDatabase } from '../database';
import { pushMessageOf } from '../push/push-message';
import type { DeviceDirectory } from '../users/device.directory';
import { findNotification, listDeviceDeliveries, recordNotification } from './deliveries.repository';
import type { DeviceDelivery } from './device-delivery';
import { outcomeOfRow } from './device-outcome';
import { decidePushOutcome } from './push-outcome.decision';

export interface PushDelivery {
  deliver: DeliveryHandler<NotificationPushRequestedV1>;
  /** Records a notification that ended failed (the failure itself is reported by the runtime). */
  recordFailure(request: NotificationPushRequestedV1, reason: string): Promise<void>;
}

const preferenceOff = 'push preference is off';
const noActiveDevice = 'the user has no active push device';

/** One push notification, start to finish: user, preference, devices, render, one send per device, record. */
export function createPushDelivery(deps: {
  db: Kysely<PushDatabase>;
  users: UserDirectory;
  devices: DeviceDirectory;
  templates: LocalTemplateRenderer;
  deviceDelivery: DeviceDelivery;
  retryPolicy: RetryPolicy;
}): PushDelivery {
  const { db, users, devices, templates, deviceDelivery, retryPolicy } = deps;

  const rowOf = (request: NotificationPushRequestedV1) => ({
    notification_id: request.notification_id,
    user_id: request.user_id,
    template_code: request.template_code,
    attempts: request.attempt,
  });

  async function skip(request: NotificationPushRequestedV1, reason: string): Promise<DeliveryReport> {
    await recordNotification(db, { ...rowOf(request), status: 'skipped', detail: reason });
    return { status: 'skipped', detail: reason };
  }

  return {
    async deliver(request, { signal }) {
      // A redelivered or repeated request for a delivered notification reports again and sends nothing.
      const settled = await findNotification(db, request.notification_id);
      if (settled?.status === 'delivered') return { status: 'delivered', detail: settled.detail };

      const user = await users.getUser(request.user_id, signal);
      if (!user.preferences.push) return skip(request, preferenceOff);
      const active = await devices.activeDevices(request.user_id, signal);
      if (active.length === 0) return skip(request, noActiveDevice);

      const rendered = await templates.render(
        request.template_code,
        // The profile's name is the default for {{name}}; the caller's variables win.
        { variables: { name: user.name, ...request.variables }, language: request.language ?? user.language },
        signal,
      );
      const message = pushMessageOf(request, rendered);

      const previous = new Map(
        (await listDeviceDeliveries(db, request.notification_id)).map((row) => [row.device_id, row]),
      );
      const sends = await Promise.allSettled(
        active.map((device) =>
          deviceDelivery.deliver(request, device, message, previous.get(device.device_id), signal),
        ),
      );
      const failedSend = sends.find((send) => send.status === 'rejected');
      if (failedSend) throw failedSend.reason;
      const activeIds = new Set(active.map((device) => device.device_id));
      // Devices settled earlier and no longer active (a gone one was deactivated) still belong in the account.
      const outcomes = [
        ...[...previous.values()].filter((row) => !activeIds.has(row.device_id)).map(outcomeOfRow),
        ...sends.flatMap((send) => (send.status === 'fulfilled' ? [send.value] : [])),
      ];

      const report = decidePushOutcome(outcomes, { canRetry: canRetry(request.attempt, retryPolicy) });
      await recordNotification(db, { ...rowOf(request), status: 'delivered', detail: report.detail ?? null });
      return report;
    },

    async recordFailure(request, reason) {
      await recordNotification(db, { ...rowOf(request), status: 'failed', detail: reason });
    },
  };
}
