import webpush from 'web-push';
import { PermanentDeliveryError, TransientDeliveryError } from '@herald/runtime';
import { pushLifetimeSeconds, webPushUrgencyOf, type PushMessage } from '../push/push-message';
import type { PushSender } from '../push/push.sender';
import { classifyWebPushRefusal } from './web-push-error.classifier';

/** The application server's VAPID identity (RFC 8292). */
export interface VapidIdentity {
  readonly subject: string;
  readonly publicKey: string;
  readonly privateKey: string;
}

/** What the service worker receives, as JSON. */
function payloadOf(message: PushMessage): string {
  return JSON.stringify({
    title: message.title,
    body: message.body,
    link: message.link,
    image: message.image,
    notification_id: message.notificationId,
  });
}

/**
 * Sends to Web Push subscriptions: `web-push` encrypts the payload (aes128gcm) and signs the VAPID header, and
 * the request goes out through fetch, since the library's own sender speaks https only. The notification id is
 * the `Topic`, so a repeated push replaces the first while the browser is offline.
 */
export function createWebPushSender(deps: {
  vapid: VapidIdentity | undefined;
  timeoutMs: number;
}): PushSender {
  const { vapid, timeoutMs } = deps;
  return {
    async send(device, message, signal) {
      if (!vapid) {
        throw new PermanentDeliveryError(
          'web push is not configured: VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT are not all set',
        );
      }
      if (device.platform !== 'web' || typeof device.token === 'string') {
        throw new PermanentDeliveryError(`device ${device.device_id} has no Web Push subscription`);
      }
      let details: webpush.RequestDetails;
      try {
        details = webpush.generateRequestDetails(device.token, payloadOf(message), {
          vapidDetails: vapid,
          TTL: pushLifetimeSeconds,
          urgency: webPushUrgencyOf(message.priority),
          topic: message.notificationId.replaceAll('-', ''),
          contentEncoding: 'aes128gcm',
        });
      } catch (error) {
        throw new PermanentDeliveryError(`web push could not be prepared: ${String(error)}`, {
          cause: error,
        });
      }
      const { 'Content-Length': _length, ...headers } = details.headers as Record<string, string>;
      let response: Response;
      try {
        response = await fetch(details.endpoint, {
          method: details.method,
          headers,
          ...(details.body ? { body: details.body } : {}),
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        const reason = error instanceof Error ? `${error.name}${cause ? ` ${cause}` : ''}` : String(error);
        throw new TransientDeliveryError(`web push unreachable: ${reason}`, { cause: error });
      }
      const text = await response.text().catch(() => '');
      if (!response.ok)
        throw classifyWebPushRefusal(response.status, text, response.headers.get('retry-after'));
      return { providerMessageId: response.headers.get('location')?.slice(0, 255) || null };
    },
  };
}
