import { createScriptQueue, type ScriptQueue } from '../control/script.queue';
import type { WebPushScriptMatch, WebPushScriptStep } from './web-push-script.schema';

/** What a Web Push script is matched against. */
export interface WebPushScriptedRequest {
  subscriptionId: string;
}

export type WebPushScript = ScriptQueue<WebPushScriptMatch, WebPushScriptStep, WebPushScriptedRequest>;

/** The failure modes tests script for the Web Push stand-in, consumed in order by the pushes they match. */
export function createWebPushScript(): WebPushScript {
  return createScriptQueue(
    (match: WebPushScriptMatch, request: WebPushScriptedRequest) =>
      match.subscription_id === undefined || match.subscription_id === request.subscriptionId,
  );
}
