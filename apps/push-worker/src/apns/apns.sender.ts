import apn from '@parse/node-apn';
import type { Logger } from 'pino';
import { PermanentDeliveryError, TransientDeliveryError, type ProviderBreaker } from '@herald/runtime';
import type { PushSender } from '../push/push.sender';
import { classifyApnsFailure } from './apns-error.classifier';
import { apnsNotificationOf } from './apns.notification';
import type { ApnsSettings } from './apns.settings';

export interface ApnsSender extends PushSender {
  /** Closes the HTTP/2 connection once the requests on it are answered; idempotent. */
  close(): Promise<void>;
}

interface ApnsClient {
  readonly provider: apn.Provider;
  readonly topic: string;
}

function providerOf(settings: ApnsSettings, timeoutMs: number): apn.Provider {
  return new apn.Provider({
    token: { key: settings.key, keyId: settings.keyId, teamId: settings.teamId },
    production: settings.production,
    address: settings.host,
    port: settings.port,
    ...(settings.ca ? { ca: [settings.ca] } : {}),
    // node-apn would retry 5xx and 429 itself, inside one attempt; Herald's delay tiers and breaker do that.
    connectionRetryLimit: 0,
    requestTimeout: timeoutMs,
  });
}

/**
 * Sends to iOS devices through one long-lived node-apn provider: one HTTP/2 connection, multiplexed, for every
 * send of the process, made at the first send (so the worker may start before the sandbox has written its
 * files) and made again only if loading the settings failed.
 */
export function createApnsSender(deps: {
  loadSettings: () => Promise<ApnsSettings>;
  breaker: ProviderBreaker;
  timeoutMs: number;
  log: Logger;
}): ApnsSender {
  let client: Promise<ApnsClient> | undefined;
  let closing: Promise<void> | undefined;

  function connect(): Promise<ApnsClient> {
    client ??= deps.loadSettings().then((settings) => {
      deps.log.info(
        { host: settings.host, port: settings.port, topic: settings.topic },
        'apns provider ready',
      );
      return { provider: providerOf(settings, deps.timeoutMs), topic: settings.topic };
    });
    return client.catch((error: unknown) => {
      client = undefined;
      const reason = error instanceof Error ? error.message : String(error);
      deps.log.warn({ reason }, 'apns settings could not be loaded');
      throw new TransientDeliveryError(`apns is not configured: ${reason}`, { cause: error });
    });
  }

  return {
    async send(device, message) {
      if (closing) throw new TransientDeliveryError('apns sender is closed');
      if (device.platform !== 'ios' || typeof device.token !== 'string') {
        throw new PermanentDeliveryError(`device ${device.device_id} has no APNs token`);
      }
      const token = device.token;
      const { provider, topic } = await connect();
      return deps.breaker.run(async () => {
        const { sent, failed } = await provider.send(apnsNotificationOf(message, topic), token);
        const failure = failed[0];
        if (failure) throw classifyApnsFailure(failure);
        const apnsId = (sent[0] as { 'apns-id'?: unknown } | undefined)?.['apns-id'];
        return { providerMessageId: typeof apnsId === 'string' ? apnsId : null };
      });
    },

    close() {
      closing ??= (async () => {
        const open = await client?.catch(() => undefined);
        if (open) await new Promise<void>((resolve) => void open.provider.shutdown(resolve));
      })();
      return closing;
    },
  };
}
