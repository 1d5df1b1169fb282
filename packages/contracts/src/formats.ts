import { FormatRegistry } from '@sinclair/typebox';

// TypeBox 0.34 rejects any format it has not been told about, so every format a schema names is registered here,
// once, when the contracts are first imported.
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The WHATWG-style practical email check: one @, no spaces, a dot in the domain, no CR/LF.
const emailPattern = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+\.[^\s@<>()[\],;:"\\]+$/;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function isUri(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Registers the string formats used by Herald's schemas; safe to call more than once. */
export function registerFormats(): void {
  if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => uuidPattern.test(v));
  if (!FormatRegistry.Has('email')) FormatRegistry.Set('email', (v) => v.length <= 254 && emailPattern.test(v));
  if (!FormatRegistry.Has('date-time'))
    FormatRegistry.Set('date-time', (v) => dateTimePattern.test(v) && !Number.isNaN(Date.parse(v)));
  if (!FormatRegistry.Has('uri')) FormatRegistry.Set('uri', isUri);
}

registerFormats();
