import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ResendError } from './resend.errors';
import {
  maxRecipients,
  ResendEmailBody,
  type ResendAttachmentSummary,
  type ResendEmail,
} from './resend-email.schema';

const checkBody = TypeCompiler.Compile(ResendEmailBody);

const lineBreak = /[\r\n]/;
const addressPattern =
  /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const namedAddressPattern = /^([^<>]*?)\s*<([^<>]+)>$/;
const tagPattern = /^[A-Za-z0-9_-]{1,256}$/;
const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
const addressFormat =
  'The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.';

export type EmailContext = 'single' | 'batch';

/** The bare address of `Name <a@b.c>` or `a@b.c`, lower-cased; undefined when it is neither. */
export function bareAddress(value: string): string | undefined {
  const named = namedAddressPattern.exec(value.trim());
  const address = named ? named[2]?.trim() : value.trim();
  return address && addressPattern.test(address) ? address.toLowerCase() : undefined;
}

// Every email is kept, and most have no cc, bcc, reply_to or attachments: they share one frozen empty list
// rather than hold four empty arrays each.
const noAddresses: readonly string[] = Object.freeze([]);
const noAttachments: readonly ResendAttachmentSummary[] = Object.freeze([]);

function asList(value: string | string[] | null | undefined): readonly string[] {
  if (value === null || value === undefined) return noAddresses;
  return typeof value === 'string' ? [value] : value;
}

function isMissing(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

function fieldOf(path: string): string {
  return path.split('/')[1] || 'body';
}

function rejectLineBreaks(field: string, values: readonly string[]): void {
  if (values.some((value) => lineBreak.test(value))) {
    throw new ResendError(
      'validation_error',
      `Invalid \`${field}\` field. Line breaks (CR or LF) are not allowed.`,
    );
  }
}

function checkAddresses(field: 'to' | 'cc' | 'bcc' | 'reply_to', values: readonly string[]): void {
  rejectLineBreaks(field, values);
  if (values.length > maxRecipients) {
    throw new ResendError(
      'validation_error',
      `Too many recipients in \`${field}\`: at most ${maxRecipients} are allowed.`,
    );
  }
  if (values.some((value) => bareAddress(value) === undefined)) {
    throw new ResendError('validation_error', `Invalid \`${field}\` field. ${addressFormat}`);
  }
}

function checkHeaders(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!headerNamePattern.test(name))
      throw new ResendError('validation_error', `Invalid header name \`${name}\`.`);
    rejectLineBreaks(`headers.${name}`, [value]);
  }
}

function summariseAttachments(body: ResendEmailBody): readonly ResendAttachmentSummary[] {
  if (!body.attachments || body.attachments.length === 0) return noAttachments;
  return body.attachments.map((attachment) => {
    if (isMissing(attachment.content) && isMissing(attachment.path))
      throw new ResendError('invalid_attachment');
    return {
      filename: typeof attachment.filename === 'string' ? attachment.filename : null,
      content_type: attachment.content_type ?? null,
      path: attachment.path ?? null,
      size: typeof attachment.content === 'string' ? Buffer.byteLength(attachment.content, 'base64') : null,
    };
  });
}

/**
 * Validates one email as Resend does: missing fields are `missing_required_field`, wrong ones `validation_error`,
 * both 422. Line breaks in addresses, the subject or header values are refused, as a real provider refuses
 * anything that could inject a header.
 */
export function validateEmail(body: unknown, context: EmailContext = 'single'): ResendEmail {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ResendError('validation_error', 'The request body must be a JSON object.');
  }
  const fields = body as Record<string, unknown>;
  if (!isMissing(fields.template)) {
    throw new ResendError(
      'validation_error',
      'The sandbox does not render Resend templates: send `html` or `text`.',
    );
  }
  for (const field of ['from', 'to', 'subject'] as const) {
    if (isMissing(fields[field]))
      throw new ResendError('missing_required_field', `Missing \`${field}\` field.`);
  }
  if (!checkBody.Check(body)) {
    const first = checkBody.Errors(body).First();
    throw new ResendError(
      'validation_error',
      `Invalid \`${fieldOf(first?.path ?? '')}\` field. ${first?.message ?? ''}`.trim(),
    );
  }
  if (isMissing(body.html) && isMissing(body.text)) {
    throw new ResendError('missing_required_field', 'Missing `html` or `text` field.');
  }
  if (context === 'batch' && !isMissing(body.attachments)) {
    throw new ResendError('validation_error', '`attachments` are not supported in batch emails.');
  }
  if (context === 'batch' && !isMissing(body.scheduled_at)) {
    throw new ResendError('validation_error', '`scheduled_at` is not supported in batch emails.');
  }

  const from = body.from as string;
  rejectLineBreaks('from', [from]);
  if (bareAddress(from) === undefined) throw new ResendError('invalid_from_address');
  const subject = body.subject as string;
  rejectLineBreaks('subject', [subject]);
  const to = asList(body.to);
  const cc = asList(body.cc);
  const bcc = asList(body.bcc);
  const replyTo = asList(body.reply_to);
  checkAddresses('to', to);
  checkAddresses('cc', cc);
  checkAddresses('bcc', bcc);
  checkAddresses('reply_to', replyTo);
  const headers = body.headers ?? {};
  checkHeaders(headers);
  const tags = body.tags ?? [];
  if (tags.some((tag) => !tagPattern.test(tag.name) || !tagPattern.test(tag.value))) {
    throw new ResendError(
      'validation_error',
      'Invalid `tags` field. Tag names and values may only contain ASCII letters, numbers, underscores and dashes (at most 256).',
    );
  }

  return {
    from,
    to,
    cc,
    bcc,
    reply_to: replyTo,
    subject,
    html: body.html ?? null,
    text: body.text ?? null,
    headers,
    tags,
    attachments: summariseAttachments(body),
    scheduled_at: body.scheduled_at ?? null,
  };
}

function recipientsOfEmail(email: unknown): string[] {
  const to = typeof email === 'object' && email !== null ? (email as { to?: unknown }).to : undefined;
  // `[to]`, not a push into an empty array, which reserves room for 16 more: the list is kept per request.
  if (typeof to === 'string') return [to];
  return Array.isArray(to) ? to.filter((value): value is string => typeof value === 'string') : [];
}

/** Every `to` recipient of a send request (one email or a batch), read leniently: scripts match on it before validation. */
export function recipientsOf(body: unknown): string[] {
  return Array.isArray(body) ? body.flatMap(recipientsOfEmail) : recipientsOfEmail(body);
}
