import type { DevicePlatform } from '@herald/contracts';
import type { DeviceDeliveryRow } from './deliveries.table';

/** What became of one device in one attempt; `earlier` when an earlier attempt had settled it already. */
export type DeviceOutcome = { readonly deviceId: string; readonly platform: DevicePlatform } & (
  | { readonly kind: 'delivered'; readonly providerMessageId: string | null; readonly earlier: boolean }
  | { readonly kind: 'failed'; readonly reason: string; readonly earlier: boolean }
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs: number | undefined }
  | { readonly kind: 'parked'; readonly reason: string; readonly parkForMs: number }
);

/** The outcome an earlier attempt recorded for a device. */
export function outcomeOfRow(row: DeviceDeliveryRow): DeviceOutcome {
  const device = { deviceId: row.device_id, platform: row.platform };
  return row.status === 'delivered'
    ? { ...device, kind: 'delivered', providerMessageId: row.provider_message_id, earlier: true }
    : { ...device, kind: 'failed', reason: row.error ?? 'failed', earlier: true };
}

function describeOne(outcome: DeviceOutcome): string {
  const device = `${outcome.platform} device ${outcome.deviceId}`;
  switch (outcome.kind) {
    case 'delivered':
      return `${device}: delivered${outcome.earlier ? ' earlier' : ''}`;
    case 'failed':
      return `${device}: failed: ${outcome.reason}`;
    case 'retry':
      return `${device}: will retry: ${outcome.reason}`;
    case 'parked':
      return `${device}: waiting: ${outcome.reason}`;
  }
}

const devices = (count: number) => `${count} device${count === 1 ? '' : 's'}`;

/** One line for the timeline that says what became of every device: `delivered to 1 of 2 devices: ...`. */
export function describeOutcomes(outcomes: readonly DeviceOutcome[], headline?: string): string {
  const delivered = outcomes.filter((outcome) => outcome.kind === 'delivered').length;
  const head =
    headline ??
    (delivered > 0 ? `delivered to ${delivered} of ${devices(outcomes.length)}` : 'no device took the push');
  return `${head}: ${outcomes.map(describeOne).join('; ')}`;
}
