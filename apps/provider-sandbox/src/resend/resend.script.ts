import { createScriptQueue, type PendingScript, type ScriptQueue } from '../control/script.queue';
import { bareAddress } from './resend-email.validation';
import type { ResendScriptMatch, ResendScriptStep } from './resend-script.schema';

/** What a script is matched against: the send request as it arrived. */
export interface ScriptedRequest {
  path: '/emails' | '/emails/batch';
  to: readonly string[];
  idempotencyKey: string | undefined;
}

export type PendingResendScript = PendingScript<ResendScriptMatch, ResendScriptStep>;
export type ResendScript = ScriptQueue<ResendScriptMatch, ResendScriptStep, ScriptedRequest>;

function matches(match: ResendScriptMatch, request: ScriptedRequest): boolean {
  if (match.path !== undefined && match.path !== request.path) return false;
  if (match.idempotency_key !== undefined && match.idempotency_key !== request.idempotencyKey) return false;
  if (match.to !== undefined) {
    const wanted = bareAddress(match.to) ?? match.to.toLowerCase();
    if (!request.to.some((recipient) => bareAddress(recipient) === wanted)) return false;
  }
  return true;
}

/** The failure modes tests script for the Resend endpoints, consumed in order by the requests they match. */
export function createResendScript(): ResendScript {
  return createScriptQueue(matches);
}
