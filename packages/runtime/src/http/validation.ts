import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import type { ValidationDetail } from '@herald/contracts';
import { AppError } from './app-error';

export type InputSource = 'body' | 'query' | 'params';

const maxDetails = 20;

/**
 * Compiles a schema once and returns a parser for one kind of request input: defaults applied, query and
 * path strings converted to the schema's types, and a `validation_failed` AppError naming every bad field.
 */
export function createValidator<T extends TSchema>(
  schema: T,
  source: InputSource,
): (input: unknown) => Static<T> {
  const compiled = TypeCompiler.Compile(schema);
  return (input) => {
    // Defaults and conversions change the value in place. A body is the request's own freshly parsed JSON, so
    // it takes its defaults where it is; query and path values belong to express and are copied first.
    let value: unknown = source === 'body' ? input : structuredClone(input);
    value = Value.Default(schema, value);
    if (source !== 'body') value = Value.Convert(schema, value);
    const nulDetails = source === 'body' ? nulCharactersIn(value) : [];
    if (nulDetails.length > 0) {
      throw new AppError('validation_failed', `The request ${source} is invalid`, nulDetails);
    }
    if (compiled.Check(value)) return value;
    throw new AppError(
      'validation_failed',
      `The request ${source} is invalid`,
      describeErrors(compiled.Errors(value)),
    );
  };
}

// PostgreSQL's text and jsonb cannot hold U+0000: refused here with its path, never a 500 from the database.
function nulCharactersIn(value: unknown, path = '', found: ValidationDetail[] = []): ValidationDetail[] {
  if (found.length === maxDetails) return found;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ path: path || '/', message: 'must not contain the NUL character (U+0000)' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulCharactersIn(item, `${path}/${index}`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const pointer = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key.includes('\u0000')) found.push({ path: pointer, message: 'a key must not contain the NUL character (U+0000)' });
      nulCharactersIn(item, pointer, found);
    }
  }
  return found;
}

function describeErrors(
  errors: Iterable<{ path: string; message: string; schema: TSchema }>,
): ValidationDetail[] {
  const seen = new Set<string>();
  const details: ValidationDetail[] = [];
  for (const error of errors) {
    // The first problem at a path is the one worth reading ("required" rather than "expected string").
    const path = error.path || '/';
    if (seen.has(path)) continue;
    seen.add(path);
    details.push({ path, message: error.message });
    if (details.length === maxDetails) break;
  }
  return details;
}

/** Compiles a schema once and checks answers from another service against it (a bad answer is a 503, not ours). */
export function createResponseValidator<T extends TSchema>(
  schema: T,
  service: string,
): (input: unknown) => Static<T> {
  const compiled = TypeCompiler.Compile(schema);
  return (input) => {
    if (compiled.Check(input)) return input;
    const first = compiled.Errors(input).First();
    throw new AppError(
      'service_unavailable',
      `${service} answered with an unexpected body (${first?.path ?? '/'}: ${first?.message ?? 'invalid'})`,
    );
  };
}
