import { hash } from 'node:crypto';
import { ResendError } from './resend.errors';

/** How long Resend remembers an idempotency key. */
export const idempotencyKeyTtlMs = 24 * 60 * 60 * 1000;
/** The longest key Resend accepts. */
export const maxIdempotencyKeyLength = 256;

/** The answer a key replays: the same status and body as the first time. */
export interface IdempotentAnswer {
  status: number;
  body: unknown;
  email_ids: string[];
}

export type IdempotencyClaim =
  | { kind: 'replay'; answer: IdempotentAnswer }
  | { kind: 'claimed'; complete(answer: IdempotentAnswer): void; release(): void };

interface KeyEntry {
  /** What the key was first used for, kept as sent while the key is among the newest `maxPayloads`. */
  payload: readonly unknown[] | undefined;
  /** The payload's hash once it is no longer kept. */
  fingerprint: string | undefined;
  expiresAt: number;
  // Declared from the start (undefined until answered): a field added later would give each of the
  // 50,000 kept entries a separate property array.
  answer: IdempotentAnswer | undefined;
}

/**
 * A canonical JSON text: object keys sorted, so `{a,b}` and `{b,a}` are the same payload. Built by
 * appending to one string, without the arrays of entries a map/filter/join version makes per object.
 */
function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) text += ',';
      text += canonicalJson(value[index]);
    }
    return `${text}]`;
  }
  const fields = value as Record<string, unknown>;
  let text = '{';
  // The default sort compares UTF-16 code units, as `<` does.
  for (const key of Object.keys(fields).sort()) {
    const field = fields[key];
    if (field === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${canonicalJson(field)}`;
  }
  return `${text}}`;
}

const fingerprintOf = (payload: readonly unknown[]) => hash('sha256', canonicalJson(payload), 'hex');

/**
 * Whether a payload is the one the key was first used for. The payloads are made canonical only when a key
 * comes again, which is rare: hashing every send's payload was 8% of the sandbox's CPU.
 */
function isSamePayload(entry: KeyEntry, payload: readonly unknown[]): boolean {
  if (entry.payload) return canonicalJson(entry.payload) === canonicalJson(payload);
  return entry.fingerprint === fingerprintOf(payload);
}

/** Checks an `Idempotency-Key` header as Resend does: 1 to 256 characters. */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (header.length < 1 || header.length > maxIdempotencyKeyLength)
    throw new ResendError('invalid_idempotency_key');
  return header;
}

export interface IdempotencyStore {
  /**
   * Claims a key for a request, or answers what it answered before. A key in flight is
   * `concurrent_idempotent_requests`; a key already used with another payload is `invalid_idempotent_request`.
   * `payload` is what makes two requests the same (the endpoint, its options and the body); it is kept as
   * it is, so it must not be changed afterwards.
   */
  claim(key: string, payload: readonly unknown[]): IdempotencyClaim;
  size(): number;
  clear(): void;
}

/**
 * Resend's idempotency keys in memory: kept 24 h from first use, at most `maxKeys` (the oldest go first). The
 * newest `maxPayloads` keep their payload as sent (the sandbox keeps that many emails, whose strings the payloads
 * share); older ones keep its hash instead.
 */
export function createIdempotencyStore(options: {
  now: () => number;
  maxKeys: number;
  maxPayloads: number;
  ttlMs?: number;
}): IdempotencyStore {
  const ttlMs = options.ttlMs ?? idempotencyKeyTtlMs;
  const keys = new Map<string, KeyEntry>();
  // In claim order, so the oldest is first.
  const holdingPayload = new Set<KeyEntry>();

  function forget(key: string, entry: KeyEntry): void {
    keys.delete(key);
    holdingPayload.delete(entry);
  }

  // Keys are inserted in claim order and all live equally long, so the expired ones are at the front.
  function dropExpired(now: number): void {
    for (const [key, entry] of keys) {
      if (entry.expiresAt > now) break;
      forget(key, entry);
    }
    for (const [key, entry] of keys) {
      if (keys.size <= options.maxKeys) break;
      forget(key, entry);
    }
  }

  function keepPayload(entry: KeyEntry): void {
    holdingPayload.add(entry);
    for (const oldest of holdingPayload) {
      if (holdingPayload.size <= options.maxPayloads) break;
      if (oldest.payload) oldest.fingerprint = fingerprintOf(oldest.payload);
      oldest.payload = undefined;
      holdingPayload.delete(oldest);
    }
  }

  return {
    claim(key, payload) {
      const now = options.now();
      dropExpired(now);
      const existing = keys.get(key);
      if (existing) {
        if (!existing.answer) throw new ResendError('concurrent_idempotent_requests');
        if (!isSamePayload(existing, payload)) throw new ResendError('invalid_idempotent_request');
        return { kind: 'replay', answer: existing.answer };
      }
      const entry: KeyEntry = { payload, fingerprint: undefined, expiresAt: now + ttlMs, answer: undefined };
      keys.set(key, entry);
      keepPayload(entry);
      return {
        kind: 'claimed',
        complete(answer) {
          entry.answer = answer;
        },
        release() {
          if (keys.get(key) === entry) forget(key, entry);
        },
      };
    },
    size: () => keys.size,
    clear: () => {
      keys.clear();
      holdingPayload.clear();
    },
  };
}
