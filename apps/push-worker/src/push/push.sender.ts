import type { Device } from '@herald/contracts';
import { PermanentDeliveryError } from '@herald/runtime';
import type { PushMessage } from './push-message';

/** What a provider said when it took a push. */
export interface PushReceipt {
  /** The provider's id for the push (APNs' `apns-id`, a Web Push message URL), if it gave one. */
  readonly providerMessageId: string | null;
}

/**
 * Sends one push to one device. Throws TransientDeliveryError (retry), PermanentDeliveryError (never),
 * DeviceGoneError (never, and the device is deactivated) or ProviderUnavailableError (the circuit is open).
 */
export interface PushSender {
  send(device: Device, message: PushMessage, signal: AbortSignal): Promise<PushReceipt>;
}

/** The provider says the device or subscription no longer exists: no retry, and the device is deactivated. */
export class DeviceGoneError extends PermanentDeliveryError {
  constructor(reason: string) {
    super(reason);
    this.name = 'DeviceGoneError';
  }
}
