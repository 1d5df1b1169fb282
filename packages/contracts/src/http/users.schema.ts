import { Type, type Static } from '@sinclair/typebox';
import { PageQuery } from './envelope.schema';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
// BCP 47-ish: "en", "pt-BR", "zh-Hant-TW".
export const LanguageTag = Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35 });
export const TimeZone = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+\\-/]+$' });

export const UserPreferences = Type.Object(
  { email: Type.Boolean(), push: Type.Boolean() },
  { $id: 'UserPreferences', additionalProperties: false },
);
export type UserPreferences = Static<typeof UserPreferences>;

export const DevicePlatform = Type.Union([Type.Literal('ios'), Type.Literal('web')]);
export type DevicePlatform = Static<typeof DevicePlatform>;

/** An APNs device token: 32 bytes or more, hex-encoded. */
export const ApnsDeviceToken = Type.String({ pattern: '^[0-9a-fA-F]{64,200}$' });

/** A W3C Push API subscription, as PushSubscription.toJSON() gives it. */
export const WebPushSubscription = Type.Object(
  {
    endpoint: Type.String({ format: 'uri', maxLength: 2048 }),
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    keys: Type.Object(
      { p256dh: Type.String({ minLength: 1, maxLength: 512 }), auth: Type.String({ minLength: 1, maxLength: 512 }) },
      { additionalProperties: false },
    ),
  },
  { $id: 'WebPushSubscription', additionalProperties: false },
);
export type WebPushSubscription = Static<typeof WebPushSubscription>;

export const CreateDeviceRequest = Type.Union(
  [
    Type.Object({ platform: Type.Literal('ios'), token: ApnsDeviceToken }, { additionalProperties: false }),
    Type.Object({ platform: Type.Literal('web'), token: WebPushSubscription }, { additionalProperties: false }),
  ],
  { $id: 'CreateDeviceRequest' },
);
export type CreateDeviceRequest = Static<typeof CreateDeviceRequest>;

export const Device = Type.Object(
  {
    device_id: Uuid,
    user_id: Uuid,
    platform: DevicePlatform,
    token: Type.Union([ApnsDeviceToken, WebPushSubscription]),
    active: Type.Boolean(),
    deactivated_reason: Type.Union([Type.String(), Type.Null()]),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Device', additionalProperties: false },
);
export type Device = Static<typeof Device>;

/** Why a device stops receiving pushes: the provider said it is gone (`apns 410 Unregistered`), or an operator's words. */
export const DeactivateDeviceRequest = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { $id: 'DeactivateDeviceRequest', additionalProperties: false },
);
export type DeactivateDeviceRequest = Static<typeof DeactivateDeviceRequest>;

export const DeviceParams = Type.Object(
  { id: Uuid, device_id: Uuid },
  { additionalProperties: false },
);
export type DeviceParams = Static<typeof DeviceParams>;

export const CreateUserRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: Type.String({ minLength: 8, maxLength: 256 }),
    push_token: Type.Optional(ApnsDeviceToken),
    preferences: UserPreferences,
    language: Type.Optional(LanguageTag),
    timezone: Type.Optional(TimeZone),
  },
  { $id: 'CreateUserRequest', additionalProperties: false },
);
export type CreateUserRequest = Static<typeof CreateUserRequest>;

export const UpdateUserRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    password: Type.Optional(Type.String({ minLength: 8, maxLength: 256 })),
    preferences: Type.Optional(UserPreferences),
    language: Type.Optional(LanguageTag),
    timezone: Type.Optional(TimeZone),
  },
  { $id: 'UpdateUserRequest', additionalProperties: false, minProperties: 1 },
);
export type UpdateUserRequest = Static<typeof UpdateUserRequest>;

export const User = Type.Object(
  {
    user_id: Uuid,
    name: Type.String(),
    email: Type.String({ format: 'email' }),
    preferences: UserPreferences,
    language: Type.String(),
    timezone: Type.String(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'User', additionalProperties: false },
);
export type User = Static<typeof User>;

export const UserParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export type UserParams = Static<typeof UserParams>;

export const ListUsersQuery = Type.Composite([PageQuery, Type.Object({ email: Type.Optional(Type.String({ maxLength: 254 })) })], {
  additionalProperties: false,
});
export type ListUsersQuery = Static<typeof ListUsersQuery>;

export const LoginRequest = Type.Object(
  { email: Type.String({ format: 'email', maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { $id: 'LoginRequest', additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

export const LoginResponse = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ minimum: 1 }),
    user_id: Uuid,
  },
  { $id: 'LoginResponse', additionalProperties: false },
);
export type LoginResponse = Static<typeof LoginResponse>;

/** The claims of a user's access token, as the user service signs them and the gateway verifies them. */
export const AccessTokenClaims = Type.Object({
  sub: Uuid,
  scope: Type.Literal('user'),
});
export type AccessTokenClaims = Static<typeof AccessTokenClaims>;

/** How user access tokens are signed and checked: the user service signs, the gateway verifies. */
export const AccessTokenFormat = { algorithm: 'HS256', issuer: 'herald-user-service', audience: 'herald-api' } as const;
