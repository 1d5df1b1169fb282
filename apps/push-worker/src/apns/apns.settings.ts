import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sandboxStateDir, type PushWorkerConfig } from '../config';

/** Everything a node-apn provider needs, files read. */
export interface ApnsSettings {
  readonly host: string;
  readonly port: number;
  readonly production: boolean;
  /** The PEM CA to trust instead of the system's, or undefined for the system's. */
  readonly ca: Buffer | undefined;
  readonly key: string;
  readonly keyId: string;
  readonly teamId: string;
  readonly topic: string;
}

/** The provider sandbox's documented key id, team and topic, for when its apns-key.json is not there yet. */
export const sandboxKeyInfo = Object.freeze({
  key_id: 'SANDBOXKEY',
  team_id: 'SANDBOXTEAM',
  topic: 'com.example.herald',
});

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

async function sandboxKeyInfoFile(): Promise<Partial<typeof sandboxKeyInfo>> {
  try {
    return JSON.parse(await readFile(path.join(sandboxStateDir, 'apns-key.json'), 'utf8')) as Partial<
      typeof sandboxKeyInfo
    >;
  } catch {
    return {};
  }
}

async function readSetting(what: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`APNs ${what} ${file} is unreadable (${code})`, { cause: error });
  }
}

/**
 * Resolves the APNs settings: the APNS_* variables win; what they leave out is the provider sandbox's (its
 * apns-key.json, its CA for a loopback host). Read when first needed, so the worker may start before the sandbox.
 */
export async function loadApnsSettings(config: PushWorkerConfig): Promise<ApnsSettings> {
  const needsKeyInfo = !config.APNS_KEY_ID || !config.APNS_TEAM_ID || !config.APNS_TOPIC;
  const keyInfo = { ...sandboxKeyInfo, ...(needsKeyInfo ? await sandboxKeyInfoFile() : {}) };
  const caFile =
    config.APNS_CA_FILE ??
    (loopbackHosts.has(config.APNS_HOST) ? path.join(sandboxStateDir, 'apns-ca.pem') : undefined);
  return {
    host: config.APNS_HOST,
    port: config.APNS_PORT,
    production: config.APNS_PRODUCTION,
    ca: caFile === undefined ? undefined : await readSetting('CA file', caFile),
    key: (await readSetting('key file', config.APNS_KEY_FILE)).toString('utf8'),
    keyId: config.APNS_KEY_ID ?? keyInfo.key_id,
    teamId: config.APNS_TEAM_ID ?? keyInfo.team_id,
    topic: config.APNS_TOPIC ?? keyInfo.topic,
  };
}
