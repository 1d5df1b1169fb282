import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Device, NotificationPushRequestedV1 } from '@herald/contracts';
import { failureReasonOf, outcomeOfError } from '@herald/runtime';
import type { PushDatabase } from '../database';
import type { PushMessage } from '../push/push-message';
import { DeviceGoneError, type PushSender } from '../push/push.sender';
import type { DeviceDirectory } from '../users/device.directory';
import { recordDeviceDelivery } from './deliveries.repository';
import type { DeviceDeliveryRow } from './deliveries.table';
import { outcomeOfRow, type DeviceOutcome } from './device-outcome';

export interface DeviceDelivery {
  /** Sends to one device unless an earlier attempt settled it; never throws for the provider's answer. */
  deliver(
    request: NotificationPushRequestedV1,
    device: Device,
    message: PushMessage,
    previous: DeviceDeliveryRow | undefined,
    signal: AbortSignal,
  ): Promise<DeviceOutcome>;
}

/** One device's send: the platform's sender, the record of a final outcome, deactivation of a gone device. */
export function createDeviceDelivery(deps: {
  db: Kysely<PushDatabase>;
  senders: Readonly<Record<Device['platform'], PushSender>>;
  devices: DeviceDirectory;
  log: Logger;
}): DeviceDelivery {
  const { db, senders, devices, log } = deps;

  async function deactivate(device: Device, reason: string, signal: AbortSignal): Promise<string> {
    try {
      await devices.deactivate(device, reason, signal);
      return `${reason} (device deactivated)`;
    } catch (error) {
      // The push has failed either way; the next push to this device tries the deactivation again.
      log.warn({ err: error, device_id: device.device_id }, 'could not deactivate a gone device');
      return `${reason} (device not deactivated yet)`;
    }
  }

  return {
    async deliver(request, device, message, previous, signal) {
      // Delivered stays delivered; a permanent failure is final for the rest of this retry chain (a manual
      // retry starts a new chain at attempt 1, and tries the device again).
      if (previous?.status === 'delivered') return outcomeOfRow(previous);
      if (previous?.status === 'failed' && previous.attempts < request.attempt) return outcomeOfRow(previous);

      const ref = { deviceId: device.device_id, platform: device.platform };
      const row = {
        notification_id: request.notification_id,
        device_id: device.device_id,
        user_id: device.user_id,
        platform: device.platform,
        attempts: request.attempt,
      };
      let providerMessageId: string | null;
      try {
        ({ providerMessageId } = await senders[device.platform].send(device, message, signal));
      } catch (error) {
        const outcome = outcomeOfError(error);
        if (outcome.kind === 'retry' || outcome.kind === 'parked') return { ...ref, ...outcome };
        const words = failureReasonOf(error);
        const reason = error instanceof DeviceGoneError ? await deactivate(device, words, signal) : words;
        await recordDeviceDelivery(db, {
          ...row,
          status: 'failed',
          provider_message_id: null,
          error: reason,
        });
        return { ...ref, kind: 'failed', reason, earlier: false };
      }
      await recordDeviceDelivery(db, {
        ...row,
        status: 'delivered',
        provider_message_id: providerMessageId,
        error: null,
      });
      return { ...ref, kind: 'delivered', providerMessageId, earlier: false };
    },
  };
}
