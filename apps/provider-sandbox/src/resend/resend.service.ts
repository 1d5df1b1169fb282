import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ResendError } from './resend.errors';
import { maxBatchEmails, type ResendEmail } from './resend-email.schema';
import { validateEmail } from './resend-email.validation';
import type { IdempotentAnswer, IdempotencyStore } from './resend.idempotency';
import { scriptedFailureOf } from './resend-scripted.failure';
import type { ResendScriptStep } from './resend-script.schema';
import type { ResendScript } from './resend.script';
import type { ResendStore, SandboxEmail } from './resend.store';

export type BatchValidation = 'strict' | 'permissive';

export interface SendRequest {
  path: '/emails' | '/emails/batch';
  body: unknown;
  idempotencyKey: string | undefined;
  batchValidation: BatchValidation;
  /** The body's `to` recipients, as recipientsOf reads them: the caller has them already for its record. */
  to: readonly string[];
  /** When the request arrived, as an ISO text: the request's record and its emails share this one string. */
  receivedAt: string;
}

export interface SendOutcome {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  emailIds: string[];
  scripted: boolean;
  replayed: boolean;
  /** Drop the connection instead of answering. */
  disconnect: boolean;
  /** The sandbox is shutting down: close the connection after this answer rather than keep it alive. */
  closeConnection: boolean;
}

interface ValidatedSend {
  emails: ResendEmail[];
  errors: { index: number; message: string }[];
}

function validateBatch(body: unknown, mode: BatchValidation): ValidatedSend {
  if (!Array.isArray(body))
    throw new ResendError('validation_error', 'The request body must be an array of emails.');
  if (body.length === 0)
    throw new ResendError('validation_error', 'The batch must contain at least 1 email.');
  if (body.length > maxBatchEmails) {
    throw new ResendError(
      'validation_error',
      `Too many emails in the batch: at most ${maxBatchEmails} are allowed.`,
    );
  }
  const result: ValidatedSend = { emails: [], errors: [] };
  body.forEach((item, index) => {
    try {
      result.emails.push(validateEmail(item, 'batch'));
    } catch (error) {
      if (!(error instanceof ResendError)) throw error;
      if (mode === 'strict') {
        throw new ResendError(error.errorName, `The email at index ${index} is invalid. ${error.message}`);
      }
      result.errors.push({ index, message: error.message });
    }
  });
  return result;
}

// At module level rather than a closure in send(): the TypeScript loader names every closure it
// defines, which is a defineProperty per send.
function outcomeOf(
  answer: IdempotentAnswer,
  replayed: boolean,
  step: ResendScriptStep | undefined,
  closing: boolean,
): SendOutcome {
  return {
    status: answer.status,
    body: answer.body,
    headers: {},
    emailIds: answer.email_ids,
    scripted: step !== undefined,
    replayed,
    disconnect: step?.disconnect ?? false,
    closeConnection: closing,
  };
}

/** Resend's email endpoints in memory: validation, idempotency keys, scripted failures, the store. */
export function createResendService(deps: {
  store: ResendStore;
  idempotency: IdempotencyStore;
  script: ResendScript;
  now: () => Date;
}) {
  const { store, idempotency, script, now } = deps;
  const closing = new AbortController();

  async function hold(ms: number | undefined): Promise<void> {
    if (!ms) return;
    // On shutdown a held request is answered at once rather than holding the server open.
    await sleep(ms, undefined, { signal: closing.signal }).catch(() => undefined);
  }

  function accept(request: SendRequest, validated: ValidatedSend): IdempotentAnswer {
    const answeredAt = now().toISOString();
    const stored = validated.emails.map((email): SandboxEmail => ({
      id: randomUUID(),
      idempotency_key: request.idempotencyKey ?? null,
      received_at: request.receivedAt,
      answered_at: answeredAt,
      // Field by field rather than `...email`: every email is kept, and a spread leaves each one with
      // a separate property array besides the object.
      from: email.from,
      to: email.to,
      cc: email.cc,
      bcc: email.bcc,
      reply_to: email.reply_to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers,
      tags: email.tags,
      attachments: email.attachments,
      scheduled_at: email.scheduled_at,
    }));
    for (const email of stored) store.addEmail(email);
    const ids = stored.map((email) => ({ id: email.id }));
    if (request.path === '/emails') return { status: 200, body: ids[0], email_ids: ids.map(({ id }) => id) };
    const body =
      request.batchValidation === 'permissive' ? { data: ids, errors: validated.errors } : { data: ids };
    return { status: 200, body, email_ids: ids.map(({ id }) => id) };
  }

  return {
    /** Handles `POST /emails` or `POST /emails/batch`; throws a ResendError for what Resend would refuse. */
    async send(request: SendRequest): Promise<SendOutcome> {
      const step = script.take({
        path: request.path,
        to: request.to,
        idempotencyKey: request.idempotencyKey,
      });
      const failure = step && scriptedFailureOf(step);
      if (step && failure) {
        await hold(step.hold_ms);
        return {
          ...failure,
          emailIds: [],
          scripted: true,
          replayed: false,
          disconnect: step.disconnect ?? false,
          closeConnection: closing.signal.aborted,
        };
      }
      const validated =
        request.path === '/emails'
          ? { emails: [validateEmail(request.body)], errors: [] }
          : validateBatch(request.body, request.batchValidation);

      const key = request.idempotencyKey;
      const claim =
        key === undefined
          ? undefined
          : idempotency.claim(key, [
              request.path,
              request.path === '/emails' ? null : request.batchValidation,
              request.body,
            ]);
      if (claim?.kind === 'replay') return outcomeOf(claim.answer, true, step, closing.signal.aborted);
      try {
        // Only a scripted hold waits: most sends are answered in the tick they were validated in.
        if (step?.hold_ms) await hold(step.hold_ms);
        const answer = accept(request, validated);
        claim?.complete(answer);
        return outcomeOf(answer, false, step, closing.signal.aborted);
      } catch (error) {
        claim?.release();
        throw error;
      }
    },

    getEmail(id: string): SandboxEmail | undefined {
      return store.getEmail(id);
    },

    /** Forgets every email, request, key and script. */
    reset(): void {
      store.clear();
      idempotency.clear();
      script.clear();
    },

    /** Answers held requests at once; holds started later do not wait. */
    close(): void {
      closing.abort();
    },
  };
}
export type ResendService = ReturnType<typeof createResendService>;
