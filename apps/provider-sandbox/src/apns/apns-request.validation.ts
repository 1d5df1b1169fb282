import { ApnsRefusal } from './apns.reasons';

/** A device token as APNs issues them: 32 bytes or more, hex-encoded. */
export const deviceTokenPattern = /^[0-9a-fA-F]{64,200}$/;
const uuidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// A bundle id: reverse-DNS labels.
const topicPattern = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const maxCollapseIdBytes = 64;
const maxPayloadBytes = 4_096;
const maxVoipPayloadBytes = 5_120;

export const apnsPushTypes = [
  'alert',
  'background',
  'controls',
  'complication',
  'fileprovider',
  'liveactivity',
  'location',
  'mdm',
  'pushtotalk',
  'voip',
  'widgets',
] as const;

// The topics one app may push to: its bundle id, and the suffixed ones of the push types that need them.
const topicSuffixes = [
  '',
  '.voip',
  '.complication',
  '.pushkit.fileprovider',
  '.push-type.liveactivity',
  '.location-query',
  '.voip-ptt',
];

/** The `apns-*` headers of an accepted request, read. */
export interface ApnsPushHeaders {
  apns_id: string;
  topic: string;
  push_type: string | null;
  priority: number | null;
  expiration: number | null;
  collapse_id: string | null;
}

type Headers = Readonly<Record<string, string | undefined>>;

/** Whether an `apns-id` is well formed: a canonical UUID. */
export function isApnsId(value: string): boolean {
  return uuidPattern.test(value);
}

/** The device token of a `/3/device/{token}` path; undefined for any other path. */
export function deviceTokenOfPath(path: string): string | undefined {
  const match = /^\/3\/device\/([^/?#]*)(?:\?.*)?$/.exec(path);
  return match ? decodeURIComponent(match[1] ?? '') : undefined;
}

function integerHeader(value: string | undefined): number | null | 'invalid' {
  if (value === undefined) return null;
  return /^\d{1,12}$/.test(value.trim()) ? Number(value.trim()) : 'invalid';
}

/** Reads the `apns-*` headers as APNs does, refusing what it refuses; `apnsId` is the id answered with. */
export function readPushHeaders(headers: Headers, apnsId: string): ApnsPushHeaders {
  const topic = headers['apns-topic'];
  if (topic === undefined || topic === '') throw new ApnsRefusal('MissingTopic');
  if (!topicPattern.test(topic) || topic.length > 255) throw new ApnsRefusal('BadTopic');

  const givenId = headers['apns-id'];
  if (givenId !== undefined && !uuidPattern.test(givenId)) throw new ApnsRefusal('BadMessageId');

  const pushType = headers['apns-push-type'] ?? null;
  if (pushType !== null && !(apnsPushTypes as readonly string[]).includes(pushType)) {
    throw new ApnsRefusal('InvalidPushType');
  }
  const priority = integerHeader(headers['apns-priority']);
  if (priority !== null && priority !== 1 && priority !== 5 && priority !== 10)
    throw new ApnsRefusal('BadPriority');
  // Apple: a background notification sent with priority 10 is an error.
  if (pushType === 'background' && priority === 10) throw new ApnsRefusal('BadPriority');

  const expiration = integerHeader(headers['apns-expiration']);
  if (expiration === 'invalid') throw new ApnsRefusal('BadExpirationDate');

  const collapseId = headers['apns-collapse-id'] ?? null;
  if (collapseId !== null && Buffer.byteLength(collapseId) > maxCollapseIdBytes) {
    throw new ApnsRefusal('BadCollapseId');
  }
  return {
    apns_id: apnsId,
    topic,
    push_type: pushType,
    priority,
    expiration,
    collapse_id: collapseId,
  };
}

/** Refuses a token that is not hex of 64 or more characters, or that was issued for another app. */
export function checkDeviceToken(token: string, topic: string, appTopic: string): void {
  if (token === '') throw new ApnsRefusal('MissingDeviceToken');
  if (!deviceTokenPattern.test(token)) throw new ApnsRefusal('BadDeviceToken');
  // Every sandbox device runs the sandbox's app, so a token is for its topics only.
  if (!topicSuffixes.some((suffix) => topic === `${appTopic}${suffix}`))
    throw new ApnsRefusal('DeviceTokenNotForTopic');
}

/** The payload as APNs takes it: a JSON object with an `aps` dictionary, at most 4 KB (5 KB for VoIP). */
export function readPayload(body: Buffer, pushType: string | null): Record<string, unknown> {
  if (body.length === 0) throw new ApnsRefusal('PayloadEmpty');
  if (body.length > (pushType === 'voip' ? maxVoipPayloadBytes : maxPayloadBytes)) {
    throw new ApnsRefusal('PayloadTooLarge');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApnsRefusal('BadPayload');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new ApnsRefusal('BadPayload');
  if (Object.keys(payload).length === 0) throw new ApnsRefusal('PayloadEmpty');
  const aps = (payload as { aps?: unknown }).aps;
  if (typeof aps !== 'object' || aps === null || Array.isArray(aps)) throw new ApnsRefusal('BadPayload');
  return payload as Record<string, unknown>;
}
