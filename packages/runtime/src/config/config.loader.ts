import type { Static, TObject } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';

/** Thrown when the environment does not satisfy a service's configuration schema; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads a service's configuration once from the environment: defaults applied, strings converted to the
 * schema's types, every bad variable listed in one error, the result frozen.
 */
export function loadConfig<T extends TObject>(
  schema: T,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<Static<T>> {
  const raw: Record<string, unknown> = {};
  for (const name of Object.keys(schema.properties)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const value = Value.Convert(schema, Value.Default(schema, raw));
  const compiled = TypeCompiler.Compile(schema);
  if (!compiled.Check(value)) {
    const problems = new Map<string, string>();
    for (const error of compiled.Errors(value)) {
      const name = error.path.replace(/^\//, '') || '(root)';
      // Values are left out on purpose: a bad variable may well be a secret.
      if (!problems.has(name)) problems.set(name, raw[name] === undefined ? 'is required' : error.message);
    }
    throw new ConfigError([...problems].map(([name, message]) => `${name} ${message}`));
  }
  return Object.freeze(value as Static<T>);
}
