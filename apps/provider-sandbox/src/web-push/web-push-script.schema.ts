import { Type, type Static } from '@sinclair/typebox';

/**
 * One scripted answer. `status` 201 (or none) lets the push through to normal handling; any other status
 * answers with that error. `hold_ms` delays the answer, `retry_after_s` sets `retry-after` (1 s by default on a
 * 429), and `disconnect` drops the connection instead of answering (after accepting the push when it is a 201).
 */
export const WebPushScriptStep = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal(201), Type.Integer({ minimum: 400, maximum: 599 })])),
    message: Type.Optional(Type.String({ minLength: 1, maxLength: 1_000 })),
    retry_after_s: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
    hold_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000 })),
    disconnect: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type WebPushScriptStep = Static<typeof WebPushScriptStep>;

/** Which pushes a script applies to. */
export const WebPushScriptMatch = Type.Object(
  { subscription_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
  { additionalProperties: false },
);
export type WebPushScriptMatch = Static<typeof WebPushScriptMatch>;

/** The body of `POST /sandbox/webpush/script`. */
export const WebPushScriptRequest = Type.Object(
  {
    responses: Type.Array(WebPushScriptStep, { minItems: 1, maxItems: 1_000 }),
    match: Type.Optional(WebPushScriptMatch),
  },
  { additionalProperties: false },
);
export type WebPushScriptRequest = Static<typeof WebPushScriptRequest>;
