import { Type, type Static } from '@sinclair/typebox';
import { resendErrorNames } from './resend.errors';

/**
 * One scripted answer. `status` 200 (or none) lets the request through to normal handling; any other status
 * answers with that error and leaves the idempotency key untouched. `hold_ms` delays the answer (with the key
 * in flight when the request goes through), `disconnect` drops the connection instead of answering (after
 * accepting the email when the status is 200), `retry_after_s` sets `retry-after`.
 */
export const ResendScriptStep = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal(200), Type.Integer({ minimum: 400, maximum: 599 })])),
    name: Type.Optional(Type.Union(resendErrorNames.map((name) => Type.Literal(name)))),
    message: Type.Optional(Type.String({ minLength: 1, maxLength: 1_000 })),
    retry_after_s: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
    hold_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000 })),
    disconnect: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ResendScriptStep = Static<typeof ResendScriptStep>;

/** Which send requests a script applies to; every given field must match. */
export const ResendScriptMatch = Type.Object(
  {
    /** Matches when any `to` recipient has this address (display names and case ignored). */
    to: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })),
    idempotency_key: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    path: Type.Optional(Type.Union([Type.Literal('/emails'), Type.Literal('/emails/batch')])),
  },
  { additionalProperties: false },
);
export type ResendScriptMatch = Static<typeof ResendScriptMatch>;

/** The body of `POST /sandbox/resend/script`. */
export const ResendScriptRequest = Type.Object(
  {
    responses: Type.Array(ResendScriptStep, { minItems: 1, maxItems: 1_000 }),
    match: Type.Optional(ResendScriptMatch),
  },
  { additionalProperties: false },
);
export type ResendScriptRequest = Static<typeof ResendScriptRequest>;
