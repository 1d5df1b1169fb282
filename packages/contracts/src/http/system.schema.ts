import { Type, type Static } from '@sinclair/typebox';

export const Health = Type.Object(
  { status: Type.Literal('ok'), service: Type.String(), uptime_s: Type.Integer({ minimum: 0 }) },
  { $id: 'Health', additionalProperties: false },
);
export type Health = Static<typeof Health>;

export const ReadinessCheckResult = Type.Object(
  { ok: Type.Boolean(), latency_ms: Type.Number({ minimum: 0 }), error: Type.Optional(Type.String()) },
  { $id: 'ReadinessCheckResult', additionalProperties: false },
);
export type ReadinessCheckResult = Static<typeof ReadinessCheckResult>;

/** Whether a service can do its work now, with the result of each dependency check by name. */
export const Readiness = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
    checks: Type.Record(Type.String(), ReadinessCheckResult),
  },
  { $id: 'Readiness', additionalProperties: false },
);
export type Readiness = Static<typeof Readiness>;
