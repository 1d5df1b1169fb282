import { randomUUID } from 'node:crypto';
import { bareAddress } from './resend-email.validation';
import type { ResendScriptMatch, ResendScriptRequest, ResendScriptStep } from './resend-script.schema';

/** What a script is matched against: the send request as it arrived. */
export interface ScriptedRequest {
  path: '/emails' | '/emails/batch';
  to: readonly string[];
  idempotencyKey: string | undefined;
}

export interface PendingScript {
  script_id: string;
  match: ResendScriptMatch;
  pending: ResendScriptStep[];
}

export interface ResendScript {
  /** Queues a script behind the ones already queued. */
  add(request: ResendScriptRequest): PendingScript;
  /** The next step of the first script that matches the request, consumed; undefined when none does. */
  take(request: ScriptedRequest): ResendScriptStep | undefined;
  list(): PendingScript[];
  clear(): void;
}

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
  let scripts: PendingScript[] = [];
  const copy = (script: PendingScript): PendingScript => ({ ...script, pending: [...script.pending] });
  return {
    add(request) {
      const script = { script_id: randomUUID(), match: request.match ?? {}, pending: [...request.responses] };
      scripts.push(script);
      return copy(script);
    },
    take(request) {
      const script = scripts.find((candidate) => matches(candidate.match, request));
      if (!script) return undefined;
      const step = script.pending.shift();
      if (script.pending.length === 0) scripts = scripts.filter((candidate) => candidate !== script);
      return step;
    },
    list: () => scripts.map(copy),
    clear() {
      scripts = [];
    },
  };
}
