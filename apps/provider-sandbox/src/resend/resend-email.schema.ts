import { Type, type Static, type TSchema } from '@sinclair/typebox';

// Resend treats an explicit null like a field left out.
const Nullable = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));
const Addresses = Type.Union([Type.String(), Type.Array(Type.String())]);

/** The body of `POST /emails` as Resend reads it (snake_case on the wire; the SDK converts). */
export const ResendEmailBody = Type.Object({
  from: Nullable(Type.String()),
  to: Nullable(Addresses),
  subject: Nullable(Type.String()),
  html: Nullable(Type.String()),
  text: Nullable(Type.String()),
  cc: Nullable(Addresses),
  bcc: Nullable(Addresses),
  reply_to: Nullable(Addresses),
  headers: Nullable(Type.Record(Type.String(), Type.String())),
  tags: Nullable(Type.Array(Type.Object({ name: Type.String(), value: Type.String() }))),
  attachments: Nullable(
    Type.Array(
      Type.Object({
        content: Nullable(Type.String()),
        filename: Nullable(Type.Union([Type.String(), Type.Literal(false)])),
        path: Nullable(Type.String()),
        content_type: Nullable(Type.String()),
        content_id: Nullable(Type.String()),
      }),
    ),
  ),
  scheduled_at: Nullable(Type.String()),
  topic_id: Nullable(Type.String()),
  template: Nullable(Type.Object({ id: Type.String() })),
});
export type ResendEmailBody = Static<typeof ResendEmailBody>;

/** An attachment as the sandbox keeps it: its description, never its bytes. */
export interface ResendAttachmentSummary {
  filename: string | null;
  content_type: string | null;
  path: string | null;
  size: number | null;
}

/** A validated email, every address list normalised to an array. */
export interface ResendEmail {
  from: string;
  to: readonly string[];
  cc: readonly string[];
  bcc: readonly string[];
  reply_to: readonly string[];
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  attachments: readonly ResendAttachmentSummary[];
  scheduled_at: string | null;
}

/** The most recipients Resend takes in `to` (and, here, in `cc` and `bcc`). */
export const maxRecipients = 50;
/** The most emails one `POST /emails/batch` may carry. */
export const maxBatchEmails = 100;
