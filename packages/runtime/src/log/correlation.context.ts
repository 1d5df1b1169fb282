import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const correlationStore = new AsyncLocalStorage<string>();
const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** Runs `fn` with `correlationId` attached to every log line and outgoing call made inside it. */
export function withCorrelationId<T>(correlationId: string, fn: () => T): T {
  return correlationStore.run(correlationId, fn);
}

/** The correlation id of the request or message being handled, if any. */
export function currentCorrelationId(): string | undefined {
  return correlationStore.getStore();
}

/** A caller's correlation id when it is safe to echo and log, or a fresh one. */
export function acceptCorrelationId(candidate: unknown): string {
  return typeof candidate === 'string' && acceptable.test(candidate) ? candidate : randomUUID();
}
