import { createScriptQueue, type ScriptQueue } from '../control/script.queue';
import type { ApnsScriptMatch, ApnsScriptStep } from './apns-script.schema';

/** What an APNs script is matched against: the push request as it arrived. */
export interface ApnsScriptedRequest {
  token: string;
  topic: string | undefined;
  collapseId: string | undefined;
}

export type ApnsScript = ScriptQueue<ApnsScriptMatch, ApnsScriptStep, ApnsScriptedRequest>;

function matches(match: ApnsScriptMatch, request: ApnsScriptedRequest): boolean {
  if (match.token !== undefined && match.token.toLowerCase() !== request.token.toLowerCase()) return false;
  if (match.topic !== undefined && match.topic !== request.topic) return false;
  return match.collapse_id === undefined || match.collapse_id === request.collapseId;
}

/** The failure modes tests script for the APNs stand-in, consumed in order by the pushes they match. */
export function createApnsScript(): ApnsScript {
  return createScriptQueue(matches);
}
