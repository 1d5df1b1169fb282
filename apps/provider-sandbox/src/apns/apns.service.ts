import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApnsKeyInfo } from './apns.credentials';
import type { ProviderTokenVerifier } from './apns-provider-token';
import { ApnsRefusal, apnsReasonStatus, defaultReasonForStatus } from './apns.reasons';
import {
  checkDeviceToken,
  deviceTokenOfPath,
  isApnsId,
  readPayload,
  readPushHeaders,
} from './apns-request.validation';
import type { ApnsScriptStep } from './apns-script.schema';
import type { ApnsScript } from './apns.script';
import type { ApnsRequestRecord, ApnsStore } from './apns.store';

/** One HTTP/2 request to the APNs stand-in, its body read (cut off a little past the largest payload). */
export interface ApnsIncoming {
  method: string;
  path: string;
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
  connectionId: number;
  receivedAt: Date;
}

/** What to answer: the status, headers and JSON body, or nothing at all and a dropped connection. */
export interface ApnsOutcome {
  status: number;
  headers: Record<string, string>;
  body: { reason: string; timestamp?: number } | null;
  disconnect: boolean;
}

function refusalOutcome(
  refusal: ApnsRefusal,
  apnsId: string,
  step: ApnsScriptStep | undefined,
  now: Date,
): ApnsOutcome {
  const headers: Record<string, string> = { 'apns-id': apnsId };
  if (step?.retry_after_s !== undefined) headers['retry-after'] = String(step.retry_after_s);
  const body: ApnsOutcome['body'] = { reason: refusal.reason };
  if (refusal.status === 410) body.timestamp = refusal.timestamp ?? now.getTime();
  return { status: refusal.status, headers, body, disconnect: step?.disconnect ?? false };
}

/** The refusal a scripted step stands for, or undefined when it lets the push through. */
function scriptedRefusalOf(step: ApnsScriptStep): ApnsRefusal | undefined {
  const status = step.status ?? (step.reason ? apnsReasonStatus[step.reason] : 200);
  if (status === 200) return undefined;
  return new ApnsRefusal(step.reason ?? defaultReasonForStatus[status], {
    status,
    timestamp: step.unregistered_at,
  });
}

/** APNs' `POST /3/device/{token}` in memory: provider tokens, header and payload rules, scripts, the store. */
export function createApnsService(deps: {
  store: ApnsStore;
  script: ApnsScript;
  verifyProviderToken: ProviderTokenVerifier;
  keyInfo: ApnsKeyInfo;
  now: () => Date;
}) {
  const { store, script, keyInfo, now } = deps;
  const closing = new AbortController();

  async function hold(ms: number | undefined): Promise<void> {
    if (!ms) return;
    // On shutdown a held request is answered at once rather than holding the server open.
    await sleep(ms, undefined, { signal: closing.signal }).catch(() => undefined);
  }

  async function decide(request: ApnsIncoming, record: ApnsRequestRecord): Promise<ApnsOutcome> {
    const given = request.headers['apns-id'];
    const apnsId = given !== undefined && isApnsId(given) ? given : randomUUID();
    const token = deviceTokenOfPath(request.path);
    let step: ApnsScriptStep | undefined;
    try {
      if (token === undefined) throw new ApnsRefusal('BadPath');
      if (request.method !== 'POST') throw new ApnsRefusal('MethodNotAllowed');
      const tokenRefusal = await deps.verifyProviderToken(request.headers.authorization);
      if (tokenRefusal) throw new ApnsRefusal(tokenRefusal);

      step = script.take({
        token,
        topic: request.headers['apns-topic'],
        collapseId: request.headers['apns-collapse-id'],
      });
      record.scripted = step !== undefined;
      const scripted = step && scriptedRefusalOf(step);
      if (scripted) {
        await hold(step?.hold_ms);
        throw scripted;
      }
      const headers = readPushHeaders(request.headers, apnsId);
      checkDeviceToken(token, headers.topic, keyInfo.topic);
      const payload = readPayload(request.body, headers.push_type);
      const goneAt = store.unregisteredAt(token);
      if (goneAt !== undefined) throw new ApnsRefusal('Unregistered', { timestamp: goneAt });
      await hold(step?.hold_ms);
      const apnsHeaders = Object.fromEntries(
        Object.entries(request.headers).filter(
          (entry): entry is [string, string] => entry[0].startsWith('apns-') && entry[1] !== undefined,
        ),
      );
      store.addPush({
        ...headers,
        token,
        payload,
        headers: apnsHeaders,
        connection_id: request.connectionId,
        received_at: request.receivedAt.toISOString(),
        answered_at: now().toISOString(),
      });
      return {
        status: 200,
        // Like APNs' development environment, which adds an id to look the push up by.
        headers: { 'apns-id': headers.apns_id, 'apns-unique-id': randomUUID() },
        body: null,
        disconnect: step?.disconnect ?? false,
      };
    } catch (error) {
      if (!(error instanceof ApnsRefusal)) throw error;
      return refusalOutcome(error, apnsId, step, now());
    }
  }

  return {
    /** Answers one request as APNs would, recording it. */
    async handle(request: ApnsIncoming): Promise<ApnsOutcome> {
      const token = deviceTokenOfPath(request.path);
      const record = store.recordRequest({
        method: request.method,
        path: request.path,
        token: token ?? null,
        topic: request.headers['apns-topic'] ?? null,
        apns_id: null,
        connection_id: request.connectionId,
        received_at: request.receivedAt.toISOString(),
        answered_at: null,
        status: null,
        reason: null,
        scripted: false,
      });
      const outcome = await decide(request, record);
      record.apns_id = outcome.headers['apns-id'] ?? null;
      // A dropped connection has no answer to record.
      if (!outcome.disconnect) {
        record.status = outcome.status;
        record.reason = outcome.body?.reason ?? null;
        record.answered_at = now().toISOString();
      }
      return outcome;
    },

    /** Forgets every push, request, gone token, closed connection and script. */
    reset(): void {
      store.clear();
      script.clear();
    },

    /** Answers held requests at once; holds started later do not wait. */
    close(): void {
      closing.abort();
    },
  };
}
export type ApnsService = ReturnType<typeof createApnsService>;
