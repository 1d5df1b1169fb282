import {
  PermanentDeliveryError,
  ProviderUnavailableError,
  TransientDeliveryError,
  type DeliveryReport,
} from '@herald/runtime';
import { describeOutcomes, type DeviceOutcome } from './device-outcome';

/**
 * What a notification's device outcomes add up to: delivered when a device took it, a retry while a device
 * failed transiently (the delivered ones are skipped next time), parked while a provider's circuit is open,
 * failed when every device failed for good. On the last attempt, a notification some device took is delivered
 * rather than failed for the devices still failing.
 */
export function decidePushOutcome(
  outcomes: readonly DeviceOutcome[],
  options: { canRetry: boolean },
): DeliveryReport {
  const delivered = outcomes.filter((outcome) => outcome.kind === 'delivered');
  const retrying = outcomes.filter((outcome) => outcome.kind === 'retry');
  const parked = outcomes.filter((outcome) => outcome.kind === 'parked');

  if (retrying.length > 0 && (options.canRetry || delivered.length === 0)) {
    const waits = retrying.map((outcome) => outcome.retryAfterMs ?? 0);
    const retryAfterMs = Math.max(...waits) || undefined;
    const headline = `${retrying.length} of ${outcomes.length} devices to retry`;
    throw new TransientDeliveryError(describeOutcomes(outcomes, headline), { retryAfterMs });
  }
  const firstParked = parked[0];
  if (firstParked && retrying.length === 0) {
    const parkForMs = Math.max(...parked.map((outcome) => outcome.parkForMs));
    throw new ProviderUnavailableError(firstParked.platform === 'ios' ? 'apns' : 'web push', parkForMs);
  }
  if (delivered.length === 0) throw new PermanentDeliveryError(describeOutcomes(outcomes));

  const [only] = outcomes;
  const [first] = delivered;
  return {
    status: 'delivered',
    detail: describeOutcomes(outcomes),
    ...(outcomes.length === 1 && only ? { device_id: only.deviceId } : {}),
    ...(delivered.length === 1 && first?.providerMessageId
      ? { provider_message_id: first.providerMessageId }
      : {}),
  };
}
