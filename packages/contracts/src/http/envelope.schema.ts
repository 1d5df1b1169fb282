import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Every stable error code Herald answers with; the HTTP status for each lives in ErrorStatus. */
export const ErrorCode = Type.Union(
  [
    Type.Literal('validation_failed'),
    Type.Literal('unauthorized'),
    Type.Literal('forbidden'),
    Type.Literal('not_found'),
    Type.Literal('user_not_found'),
    Type.Literal('template_not_found'),
    Type.Literal('conflict'),
    Type.Literal('email_taken'),
    Type.Literal('idempotency_key_reused'),
    Type.Literal('rate_limited'),
    Type.Literal('payload_too_large'),
    Type.Literal('unsupported_media_type'),
    Type.Literal('method_not_allowed'),
    Type.Literal('not_implemented'),
    Type.Literal('service_unavailable'),
    Type.Literal('internal_error'),
  ],
  { $id: 'ErrorCode' },
);
export type ErrorCode = Static<typeof ErrorCode>;

/** The HTTP status each error code is answered with: one table, rendered in one place. */
export const ErrorStatus: Readonly<Record<ErrorCode, number>> = Object.freeze({
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  user_not_found: 404,
  template_not_found: 404,
  conflict: 409,
  email_taken: 409,
  idempotency_key_reused: 422,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  not_implemented: 501,
  service_unavailable: 503,
  internal_error: 500,
});

export const ValidationDetail = Type.Object(
  { path: Type.String(), message: Type.String() },
  { $id: 'ValidationDetail', additionalProperties: false },
);
export type ValidationDetail = Static<typeof ValidationDetail>;

export const PaginationMeta = Type.Object(
  {
    total: Type.Integer({ minimum: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: 100 }),
    page: Type.Integer({ minimum: 1 }),
    total_pages: Type.Integer({ minimum: 0 }),
    has_next: Type.Boolean(),
    has_previous: Type.Boolean(),
  },
  { $id: 'PaginationMeta', additionalProperties: false },
);
export type PaginationMeta = Static<typeof PaginationMeta>;

/** Query parameters every list endpoint takes. */
export const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export type PageQuery = Static<typeof PageQuery>;

export const ErrorEnvelope = Type.Object(
  {
    success: Type.Literal(false),
    error: ErrorCode,
    message: Type.String(),
    details: Type.Optional(Type.Array(ValidationDetail)),
  },
  { $id: 'ErrorEnvelope', additionalProperties: false },
);
export type ErrorEnvelope = Static<typeof ErrorEnvelope>;

/** The success envelope around one resource. */
export const DataEnvelope = <T extends TSchema>(data: T) =>
  Type.Object({ success: Type.Literal(true), data, message: Type.String() }, { additionalProperties: false });

/** The success envelope around a page of resources. */
export const ListEnvelope = <T extends TSchema>(item: T) =>
  Type.Object(
    { success: Type.Literal(true), data: Type.Array(item), message: Type.String(), meta: PaginationMeta },
    { additionalProperties: false },
  );

/** Computes the pagination meta for a page of a list. */
export function paginationMeta(total: number, page: number, limit: number): PaginationMeta {
  const total_pages = Math.ceil(total / limit);
  return { total, limit, page, total_pages, has_next: page < total_pages, has_previous: page > 1 };
}
