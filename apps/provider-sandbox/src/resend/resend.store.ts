import type { ResendEmail } from './resend-email.schema';
import { bareAddress } from './resend-email.validation';

/** An email the Resend stand-in accepted. */
export interface SandboxEmail extends ResendEmail {
  id: string;
  idempotency_key: string | null;
  /** When its request arrived. */
  received_at: string;
  /** When the sandbox accepted it and answered (after any scripted hold). */
  answered_at: string;
}

/** One request to a Resend endpoint, whatever its answer. */
export interface SandboxRequest {
  seq: number;
  method: string;
  path: string;
  idempotency_key: string | null;
  to: string[];
  received_at: string;
  /** Null while in flight, or when the connection was dropped without an answer. */
  answered_at: string | null;
  /** The answer's status; null while in flight or when the connection was dropped. */
  status: number | null;
  error_name: string | null;
  email_ids: string[];
  /** Whether a scripted step decided this answer. */
  scripted: boolean;
  /** Whether this answer replayed an earlier one for the same idempotency key. */
  replayed: boolean;
}

export interface SandboxFilter {
  to?: string | undefined;
  idempotency_key?: string | undefined;
}

export interface ResendStore {
  addEmail(email: SandboxEmail): void;
  getEmail(id: string): SandboxEmail | undefined;
  /** Accepted emails, oldest first. */
  listEmails(filter?: SandboxFilter): SandboxEmail[];
  /** Starts a request's record; the caller fills in its answer. */
  recordRequest(request: Omit<SandboxRequest, 'seq'>): SandboxRequest;
  /** Requests, oldest first. */
  listRequests(filter?: SandboxFilter): SandboxRequest[];
  clear(): void;
}

function addressedTo(recipients: readonly string[], wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  const address = bareAddress(wanted) ?? wanted.toLowerCase();
  return recipients.some((recipient) => bareAddress(recipient) === address);
}

function keyed(idempotencyKey: string | null, wanted: string | undefined): boolean {
  return wanted === undefined || idempotencyKey === wanted;
}

function trimOldest<K, V>(map: Map<K, V>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}

/** The Resend stand-in's memory: the last `maxEmails` emails and as many requests. */
export function createResendStore(options: { maxEmails: number }): ResendStore {
  const emails = new Map<string, SandboxEmail>();
  const requests = new Map<number, SandboxRequest>();
  let seq = 0;
  return {
    addEmail(email) {
      emails.set(email.id, email);
      trimOldest(emails, options.maxEmails);
    },
    getEmail: (id) => emails.get(id),
    listEmails: (filter = {}) =>
      [...emails.values()].filter(
        (email) => addressedTo(email.to, filter.to) && keyed(email.idempotency_key, filter.idempotency_key),
      ),
    recordRequest(request) {
      seq += 1;
      // Field by field rather than `{ seq, ...request }`: as with emails, a spread gives each kept
      // record a separate property array.
      const recorded: SandboxRequest = {
        seq,
        method: request.method,
        path: request.path,
        idempotency_key: request.idempotency_key,
        to: request.to,
        received_at: request.received_at,
        answered_at: request.answered_at,
        status: request.status,
        error_name: request.error_name,
        email_ids: request.email_ids,
        scripted: request.scripted,
        replayed: request.replayed,
      };
      requests.set(seq, recorded);
      trimOldest(requests, options.maxEmails);
      return recorded;
    },
    listRequests: (filter = {}) =>
      [...requests.values()].filter(
        (request) =>
          addressedTo(request.to, filter.to) && keyed(request.idempotency_key, filter.idempotency_key),
      ),
    clear() {
      emails.clear();
      requests.clear();
    },
  };
}
