import { CloneType, Type, type Static } from '@sinclair/typebox';
import { LanguageTag } from './users.schema';

const Timestamp = Type.String({ format: 'date-time' });
const NullableString = Type.Union([Type.String(), Type.Null()]);

/** A template's stable code, as callers name it when sending: `welcome`, `password_reset`, `order.shipped`. */
export const TemplateCode = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9_.-]*$' });

export const TemplateChannel = Type.Union([Type.Literal('email'), Type.Literal('push')], {
  $id: 'TemplateChannel',
});
export type TemplateChannel = Static<typeof TemplateChannel>;

export const CreateTemplateRequest = Type.Object(
  {
    code: TemplateCode,
    channel: TemplateChannel,
    language: Type.Optional(CloneType(LanguageTag, { default: 'en' })),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 998 })),
    body: Type.String({ minLength: 1, maxLength: 100_000 }),
    html: Type.Optional(Type.String({ minLength: 1, maxLength: 500_000 })),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { $id: 'CreateTemplateRequest', additionalProperties: false },
);
export type CreateTemplateRequest = Static<typeof CreateTemplateRequest>;

/** One version of a template in one language. */
export const Template = Type.Object(
  {
    template_id: Type.String({ format: 'uuid' }),
    code: Type.String(),
    channel: TemplateChannel,
    language: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    subject: NullableString,
    body: Type.String(),
    html: NullableString,
    title: NullableString,
    /** The placeholder names found in the subject, body, html and title, sorted. */
    variables: Type.Array(Type.String()),
    created_at: Timestamp,
  },
  { $id: 'Template', additionalProperties: false },
);
export type Template = Static<typeof Template>;

export const TemplateParams = Type.Object({ code: TemplateCode }, { additionalProperties: false });
export type TemplateParams = Static<typeof TemplateParams>;

export const TemplateQuery = Type.Object(
  { language: Type.Optional(LanguageTag) },
  { additionalProperties: false },
);
export type TemplateQuery = Static<typeof TemplateQuery>;

export const RenderTemplateRequest = Type.Object(
  {
    variables: Type.Record(Type.String(), Type.Unknown()),
    language: Type.Optional(LanguageTag),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { $id: 'RenderTemplateRequest', additionalProperties: false },
);
export type RenderTemplateRequest = Static<typeof RenderTemplateRequest>;

/** A template rendered with a set of variables; the parts the template does not have are null. */
export const RenderedTemplate = Type.Object(
  {
    subject: NullableString,
    body: NullableString,
    html: NullableString,
    title: NullableString,
    language: Type.String(),
    version: Type.Integer({ minimum: 1 }),
  },
  { $id: 'RenderedTemplate', additionalProperties: false },
);
export type RenderedTemplate = Static<typeof RenderedTemplate>;
