import apn from '@parse/node-apn';
import { apnsPriorityOf, pushLifetimeSeconds, type PushMessage } from '../push/push-message';

/**
 * The APNs request for a push: an alert with title and body, `mutable-content` when there is an image for the
 * app's notification service extension to fetch, the link and notification id as custom data, the notification
 * id as `apns-collapse-id` (a repeated push replaces the first on the device), and a day to live.
 */
export function apnsNotificationOf(message: PushMessage, topic: string, now = Date.now()): apn.Notification {
  const notification = new apn.Notification();
  notification.topic = topic;
  notification.pushType = 'alert';
  notification.priority = apnsPriorityOf(message.priority);
  notification.collapseId = message.notificationId;
  notification.expiry = Math.floor(now / 1000) + pushLifetimeSeconds;
  notification.alert =
    message.title === null ? { body: message.body } : { title: message.title, body: message.body };
  if (message.image !== null) notification.mutableContent = true;
  notification.payload = {
    notification_id: message.notificationId,
    ...(message.link !== null ? { link: message.link } : {}),
    ...(message.image !== null ? { image: message.image } : {}),
  };
  return notification;
}
