import type { ValidationDetail } from '@herald/contracts';
import { AppError } from '@herald/runtime';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path, looking only at own properties, so no path ever reaches a prototype. */
function valueAt(variables: Record<string, unknown>, path: string): { found: boolean; value?: unknown } {
  let value: unknown = variables;
  for (const segment of path.split('.')) {
    if (!isRecord(value) || !Object.hasOwn(value, segment)) return { found: false };
    value = value[segment];
  }
  return { found: true, value };
}

/**
 * Checks that every placeholder path of a template has a printable value (a string, number, boolean or
 * null) among the variables; anything else is one `validation_failed` naming each variable.
 */
export function checkVariables(paths: readonly string[], variables: Record<string, unknown>): void {
  const missing: string[] = [];
  const details: ValidationDetail[] = [];
  for (const path of paths) {
    const { found, value } = valueAt(variables, path);
    const pointer = `/variables/${path.replaceAll('.', '/')}`;
    if (!found) {
      missing.push(path);
      details.push({ path: pointer, message: `missing variable ${path}` });
    } else if (typeof value === 'object' && value !== null) {
      details.push({
        path: pointer,
        message: `variable ${path} must be a string, number, boolean or null, not an object or array`,
      });
    }
  }
  if (details.length === 0) return;
  const message =
    missing.length > 0
      ? `Missing template variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`
      : `Template variables must be strings, numbers, booleans or null: ${details.map((d) => d.path).join(', ')}`;
  throw new AppError('validation_failed', message, details);
}
