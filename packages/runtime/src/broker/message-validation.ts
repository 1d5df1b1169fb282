import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { MessageSchemas, type HeraldMessage, type MessageType } from '@herald/contracts';
import type { TSchema } from '@sinclair/typebox';

// Compiled once when the runtime loads: every publish and every consume checks against these.
const checks = new Map<string, TypeCheck<TSchema>>(
  Object.entries(MessageSchemas).map(([type, schema]) => [type, TypeCompiler.Compile(schema as TSchema)]),
);

/** Thrown for a message that does not match its type's schema; it is never published, and never retried when consumed. */
export class InvalidMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMessageError';
  }
}

/** Checks a message against the schema its `type` names; returns it typed or throws InvalidMessageError. */
export function assertValidMessage(value: unknown): HeraldMessage {
  const type = (value as { type?: unknown } | null)?.type;
  const check = typeof type === 'string' ? checks.get(type) : undefined;
  if (!check) throw new InvalidMessageError(`unknown message type ${JSON.stringify(type)}`);
  if (!check.Check(value)) {
    const first = check.Errors(value).First();
    throw new InvalidMessageError(
      `invalid ${type as MessageType}: ${first?.path || '/'} ${first?.message ?? ''}`.trim(),
    );
  }
  return value as HeraldMessage;
}
