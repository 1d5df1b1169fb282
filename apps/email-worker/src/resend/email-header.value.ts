// CR and LF end a header line; the other C0 controls and DEL have no business in one either.
const controlCharacters = /[\u0000-\u001f\u007f]+/g;

/**
 * Makes text safe to become an email header value (the subject, a custom header): line breaks and other
 * control characters become one space, so no text can start a header (`Bcc:`) of its own.
 */
export function toHeaderValue(text: string): string {
  return text.replace(controlCharacters, ' ').trim();
}

/** A Resend tag value: ASCII letters, digits, `_` and `-`, at most 256. */
export function toTagValue(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) || '_';
}
