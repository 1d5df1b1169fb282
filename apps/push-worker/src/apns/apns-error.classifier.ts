import type apn from '@parse/node-apn';
import { PermanentDeliveryError, TransientDeliveryError } from '@herald/runtime';
import { DeviceGoneError } from '../push/push.sender';

/** APNs did not answer, or answered 5xx: the only failures that count towards opening its circuit. */
export class ApnsUnavailableError extends TransientDeliveryError {
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(reason, options);
    this.name = 'ApnsUnavailableError';
  }
}

// The token is not (or no longer) one of this app's devices: Apple's advice is to stop sending to it.
const goneReasons = new Set(['Unregistered', 'ExpiredToken', 'BadDeviceToken', 'DeviceTokenNotForTopic']);

/**
 * Turns node-apn's failure for one device into the error that decides the retry: a token APNs says is gone is a
 * DeviceGoneError, 429 and an expired provider token (node-apn has made a new one) retry, 5xx and no answer
 * are an outage, any other 4xx is permanent with Apple's reason.
 */
export function classifyApnsFailure(failure: apn.ResponseFailure): Error {
  const status = typeof failure.status === 'number' ? failure.status : undefined;
  // node-apn replaces the reason of a 500 with words of its own.
  const reason =
    failure.response?.reason ??
    (status === 500 ? 'InternalServerError' : undefined) ??
    failure.error?.message ??
    'no reason given';
  if (status === undefined)
    return new ApnsUnavailableError(`apns unreachable: ${reason}`, { cause: failure.error });
  const words = `apns ${status} ${reason}`;
  if (status === 410 || goneReasons.has(reason)) return new DeviceGoneError(words);
  if (status >= 500) return new ApnsUnavailableError(words);
  if (status === 429 || reason === 'ExpiredProviderToken') return new TransientDeliveryError(words);
  return new PermanentDeliveryError(words);
}
