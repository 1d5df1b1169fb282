/**
 * Every reason APNs answers with and its status (Apple's "Handling notification responses from APNs"), plus
 * `BadPayload`, the sandbox's own: Apple does not document what it answers to a payload that is not a JSON
 * object with an `aps` dictionary, and the sandbox refuses one so that it fails a test instead of vanishing.
 */
export const apnsReasonStatus = Object.freeze({
  BadCollapseId: 400,
  BadDeviceToken: 400,
  BadExpirationDate: 400,
  BadMessageId: 400,
  BadPayload: 400,
  BadPriority: 400,
  BadTopic: 400,
  DeviceTokenNotForTopic: 400,
  DuplicateHeaders: 400,
  IdleTimeout: 400,
  InvalidPushType: 400,
  MissingDeviceToken: 400,
  MissingTopic: 400,
  PayloadEmpty: 400,
  TopicDisallowed: 400,
  BadCertificate: 403,
  BadCertificateEnvironment: 403,
  ExpiredProviderToken: 403,
  Forbidden: 403,
  InvalidProviderToken: 403,
  MissingProviderToken: 403,
  UnrelatedKeyIdInToken: 403,
  BadPath: 404,
  MethodNotAllowed: 405,
  ExpiredToken: 410,
  Unregistered: 410,
  PayloadTooLarge: 413,
  TooManyProviderTokenUpdates: 429,
  TooManyRequests: 429,
  InternalServerError: 500,
  ServiceUnavailable: 503,
  Shutdown: 503,
});
export type ApnsReason = keyof typeof apnsReasonStatus;
export const apnsReasons = Object.keys(apnsReasonStatus) as ApnsReason[];

/** The statuses APNs answers with. */
export const apnsStatuses = [200, 400, 403, 404, 405, 410, 413, 429, 500, 503] as const;
export type ApnsStatus = (typeof apnsStatuses)[number];

/** The reason a scripted error status stands for when the script names none. */
export const defaultReasonForStatus: Readonly<Record<Exclude<ApnsStatus, 200>, ApnsReason>> = Object.freeze({
  400: 'BadDeviceToken',
  403: 'InvalidProviderToken',
  404: 'BadPath',
  405: 'MethodNotAllowed',
  410: 'Unregistered',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
});

/** A refusal the APNs stand-in answers with `{ reason }` (and `timestamp` for a 410). */
export class ApnsRefusal extends Error {
  readonly status: number;
  /** For a 410: when the token stopped being valid (ms since the epoch); now when not given. */
  readonly timestamp: number | undefined;

  constructor(
    readonly reason: ApnsReason,
    options: { status?: number | undefined; timestamp?: number | undefined } = {},
  ) {
    super(reason);
    this.name = 'ApnsRefusal';
    this.status = options.status ?? apnsReasonStatus[reason];
    this.timestamp = options.timestamp;
  }
}
