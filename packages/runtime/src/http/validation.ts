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

// PostgreSQL's text and jsonb cannot hold U+0000: refused here with its path, never a 500 from the database. Every
// body is walked, so a key's JSON pointer is only written out for a key or value that has one.
function nulCharactersIn(value: unknown, path: string[] = [], found: ValidationDetail[] = []): ValidationDetail[] {
  if (found.length === maxDetails) return found;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ path: pointerOf(path), message: 'must not contain the NUL character (U+0000)' });
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      path.push(String(index));
      nulCharactersIn(value[index], path, found);
      path.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      path.push(key);
      if (key.includes('\u0000')) found.push({ path: pointerOf(path), message: 'a key must not contain the NUL character (U+0000)' });
      nulCharactersIn((value as Record<string, unknown>)[key], path, found);
      path.pop();
    }
  }
  return found;
}

function pointerOf(path: readonly string[]): string {
  if (path.length === 0) return '/';
  return path.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
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
