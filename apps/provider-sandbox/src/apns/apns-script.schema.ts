import { Type, type Static } from '@sinclair/typebox';
import { apnsReasons, apnsStatuses } from './apns.reasons';

/**
 * One scripted answer. `status` 200 (or neither status nor reason) lets the request through to normal
 * handling; an error status or a `reason` answers with that error (the reason's own status when no status is
 * given, the status's usual reason when no reason is). `hold_ms` delays the answer, `retry_after_s` sets
 * `retry-after`, `unregistered_at` the 410's `timestamp` (ms), and `disconnect` drops the HTTP/2 connection
 * instead of answering (after accepting the push when the step lets it through).
 */
export const ApnsScriptStep = Type.Object(
  {
    status: Type.Optional(Type.Union(apnsStatuses.map((status) => Type.Literal(status)))),
    reason: Type.Optional(Type.Union(apnsReasons.map((reason) => Type.Literal(reason)))),
    retry_after_s: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
    unregistered_at: Type.Optional(Type.Integer({ minimum: 0 })),
    hold_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000 })),
    disconnect: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ApnsScriptStep = Static<typeof ApnsScriptStep>;

/** Which pushes a script applies to; every given field must match. */
export const ApnsScriptMatch = Type.Object(
  {
    /** The device token (case ignored). */
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    topic: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    collapse_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type ApnsScriptMatch = Static<typeof ApnsScriptMatch>;

/** The body of `POST /sandbox/apns/script`. */
export const ApnsScriptRequest = Type.Object(
  {
    responses: Type.Array(ApnsScriptStep, { minItems: 1, maxItems: 1_000 }),
    match: Type.Optional(ApnsScriptMatch),
  },
  { additionalProperties: false },
);
export type ApnsScriptRequest = Static<typeof ApnsScriptRequest>;
